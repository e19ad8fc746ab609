"""Encoding characters declared in MSH-1/MSH-2 and the decoding of escape sequences."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

_FORMATTING = {".br": "\n", ".sp": "\n", ".in": " ", ".ti": " ", ".sk": " ", ".ce": "\n", ".fi": "",
               ".nf": "", "H": "", "N": ""}
_MAX_ESCAPE = 64


def _hex_text(digits: str) -> str | None:
    """``\\Xhhhh\\``: the bytes as UTF-8 (else Latin-1); None when not hex."""
    try:
        raw = bytes.fromhex(digits)
    except ValueError:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


@dataclass(frozen=True, slots=True)
class Delimiters:
    """Field, component, repetition, escape, subcomponent (and v2.7 truncation) characters.

    A character the header leaves out is ``""`` (that level is not split).
    """

    field: str = "|"
    component: str = "^"
    repetition: str = "~"
    escape: str = "\\"
    subcomponent: str = "&"
    truncation: str = ""
    #: no delimiter is a letter or digit (always so when read from a header): alphanumeric text is plain
    alnum_plain: bool = dataclasses.field(init=False, repr=False, compare=False, default=True)

    def __post_init__(self) -> None:
        chars = (self.field, self.component, self.repetition, self.escape, self.subcomponent, self.truncation)
        object.__setattr__(self, "alnum_plain", not any(c.isalnum() for c in "".join(chars)))

    @classmethod
    def from_header(cls, segment: str) -> Delimiters | None:
        """Delimiters of an ``MSH``/``FHS``/``BHS`` segment; None when they are unusable."""
        if len(segment) < 5:
            return None
        fs = segment[3]
        enc = segment[4:].split(fs, 1)[0]
        chars = fs + enc
        if not 1 <= len(enc) <= 5 or len(set(chars)) != len(chars):
            return None
        if any(c.isalnum() or c.isspace() or not c.isprintable() for c in chars):
            return None
        rep, esc, sub, trunc = (enc[i] if i < len(enc) else "" for i in range(1, 5))
        return cls(fs, enc[0], rep, esc, sub, trunc)

    def unescape(self, text: str) -> str:
        """Decode escape sequences; malformed or unknown ones stay as written."""
        esc = self.escape
        if not esc or esc not in text:
            return text
        parts = text.split(esc)
        out = [parts[0]]
        i = 1
        while i < len(parts):
            if i + 1 < len(parts):
                out.append(self._sequence(parts[i]))
                out.append(parts[i + 1])
                i += 2
            else:
                out.append(esc + parts[i])
                i += 1
        return "".join(out)

    def _sequence(self, seq: str) -> str:
        simple = {"F": self.field, "S": self.component, "T": self.subcomponent, "R": self.repetition,
                  "E": self.escape, "P": self.truncation}
        if seq in simple:
            return simple[seq]
        if len(seq) > _MAX_ESCAPE:
            return self.escape + seq + self.escape
        head = seq.split(" ", 1)[0]
        if head in _FORMATTING:
            return _FORMATTING[head]
        if seq[:1] == "X":
            decoded = _hex_text(seq[1:])
            if decoded is not None:
                return decoded
        elif seq[:1] in ("C", "M", "Z") and seq[1:].isalnum():
            return ""  # character-set switches and locally defined escapes carry no text
        return self.escape + seq + self.escape

    def split(self, text: str, sep: str) -> list[str]:
        """``text`` split on ``sep`` (one part when that delimiter is not declared)."""
        return text.split(sep) if sep and sep in text else [text]

    def flat(self, text: str) -> str:
        """A whole field or component as plain text: inner delimiters become spaces."""
        if self.alnum_plain and text.isalnum():  # no delimiter, escape or blank in it
            return text
        for sep in (self.repetition, self.component, self.subcomponent):
            if sep and sep in text:
                text = " ".join(p for p in text.split(sep) if p.strip())
        return self.unescape(text).strip()


DEFAULT = Delimiters()
