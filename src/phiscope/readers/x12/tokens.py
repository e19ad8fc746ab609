"""Cut X12 text into segments with the delimiters each interchange header (ISA) declares.

The element separator is the character after ``ISA``, the component separator
is ISA16, the segment terminator the character after ISA16, and the repetition
separator ISA11 (when it is not a letter or digit, as from version 00402 on).
Line breaks after terminators are tolerated. Each interchange may declare
other delimiters, so they are read again after every IEA.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_ISA_ELEMENTS = 16
_ISA_SCAN = 512  # an ISA segment is 106 characters; allow padding mistakes
_COMPACT_AT = 1 << 20
_WINDOW = 1 << 12  # characters split into segments at a time


@dataclass(frozen=True, slots=True)
class X12Delimiters:
    """Element, component, repetition ("" when not used) and segment terminator."""

    element: str
    component: str
    repetition: str
    terminator: str


def parse_isa(text: str) -> tuple[X12Delimiters, int] | None:
    """Delimiters of the ISA segment at the start of ``text`` and the length up to its terminator."""
    if len(text) < 6 or not text.startswith("ISA"):
        return None
    sep = text[3]
    parts = text[:_ISA_SCAN].split(sep, _ISA_ELEMENTS)
    if len(parts) <= _ISA_ELEMENTS or len(parts[_ISA_ELEMENTS]) < 2:
        return None
    comp, term = parts[_ISA_ELEMENTS][0], parts[_ISA_ELEMENTS][1]
    rep = parts[11] if len(parts[11]) == 1 and not parts[11].isalnum() else ""
    chars = [c for c in (sep, comp, term, rep) if c]
    if len(set(chars)) != len(chars) or any(c.isalnum() or c == " " for c in chars) or sep.isspace():
        return None
    if not parts[13].strip().isdigit():  # ISA13 interchange control number
        return None
    length = sum(len(p) + 1 for p in parts[:_ISA_ELEMENTS]) + 1
    return X12Delimiters(sep, comp, rep if rep not in (comp, term) else "", term), length


@dataclass(slots=True)
class Token:
    """``kind``: "isa" (with ``delims``), "seg", "junk" (text outside interchanges), "oversized"."""

    kind: str
    text: str
    offset: int
    number: int = 0  # 1-based segment number in the file
    delims: X12Delimiters | None = None
    unterminated: bool = False


class Tokenizer:
    """Streaming segmenter over decoded text pieces."""

    def __init__(self, pieces: Iterable[str], max_segment: int) -> None:
        self._pieces = iter(pieces)
        self._max = max_segment
        self._buf = ""
        self._pos = 0
        self._base = 0
        self._eof = False
        self._number = 0
        self._queue: deque[tuple[str, int]] = deque()
        self._queued_end = 0
        self.delims: X12Delimiters | None = None

    def _more(self) -> bool:
        if self._eof:
            return False
        if self._pos >= _COMPACT_AT:
            self._base += self._pos
            self._buf = self._buf[self._pos :]
            self._pos = 0
        piece = next(self._pieces, None)
        if piece is None:
            self._eof = True
            return False
        self._buf += piece
        return True

    def __iter__(self) -> Iterator[Token]:
        while True:
            if self.delims is None:
                token = self._header()
            else:
                token = self._fill()
                if token is None:
                    yield from self._batch()
                    continue
            if token is None or token.kind == "end":
                return
            if token.kind in ("seg", "isa"):
                self._number += 1
                token.number = self._number
            yield token

    def _batch(self) -> Iterator[Token]:
        """The segments ``_fill`` queued, numbered (the hot loop: one Token per segment)."""
        queue, base = self._queue, self._base
        while queue:
            part, start = queue.popleft()
            text = part.strip()
            if not text:
                continue
            if text.startswith(("ISA", "IEA")):  # the interchange may end: the general path
                self._pos = start + len(part) + 1
                token = self._make(part, start, False)
                if token is None:
                    continue
                if self.delims is None:  # IEA or a new ISA: the rest is read with new delimiters
                    queue.clear()
                if token.kind == "seg":
                    self._number += 1
                    token.number = self._number
                yield token
                continue
            self._number += 1
            yield Token("seg", text, base + start + part.find(text[0]), self._number)
        if self.delims is not None:
            self._pos = self._queued_end

    def _header(self) -> Token | None:
        """The next ISA (text before it is "junk"; a malformed ISA is junk too)."""
        while True:
            i = self._buf.find("ISA", self._pos)
            if i >= 0 and (len(self._buf) - i >= _ISA_SCAN or self._eof):
                break
            if i < 0 and len(self._buf) - self._pos > _COMPACT_AT:
                return self._junk(len(self._buf) - 2)
            if not self._more():
                i = self._buf.find("ISA", self._pos)
                if i < 0:
                    return self._junk(len(self._buf)) if self._pos < len(self._buf) else None
                break
        if i > self._pos:
            return self._junk(i)
        parsed = parse_isa(self._buf[i : i + _ISA_SCAN])
        if parsed is None:
            return self._junk(i + 3, bad_isa=True)
        self.delims, length = parsed
        self._pos = i + length
        return Token("isa", self._buf[i : i + length - 1], self._base + i, delims=self.delims)

    def _junk(self, end: int, bad_isa: bool = False) -> Token:
        start = self._pos
        self._pos = end
        return Token("bad-isa" if bad_isa else "junk", self._buf[start:end], self._base + start)

    def _fill(self) -> Token | None:
        """Queue the segments up to the buffer's last terminator (a token when there are none)."""
        assert self.delims is not None
        term = self.delims.terminator
        while (last := self._last_terminator(term)) < 0:
            if len(self._buf) - self._pos > self._max:
                return self._skip_oversized()
            if not self._more():
                return self._last() or Token("end", "", self._base + self._pos)
        pos = self._pos
        iea = self._buf.find("IEA", pos, last)
        if iea >= 0:  # up to the end of the interchange: the next one may declare other delimiters
            end = self._buf.find(term, iea, last)
            last = end if end >= 0 else last
        self._queued_end = last + 1
        append = self._queue.append
        for part in self._buf[pos:last].split(term):
            append((part, pos))
            pos += len(part) + 1
        return None

    def _last_terminator(self, term: str) -> int:
        """The last terminator within a window after ``pos`` (bounded work per fill), else the first one."""
        end = min(len(self._buf), self._pos + _WINDOW)
        last = self._buf.rfind(term, self._pos, end)
        return last if last >= 0 else self._buf.find(term, end)

    def _make(self, raw: str, start: int, unterminated: bool) -> Token | None:
        """The segment ``raw`` found at ``buf[start]`` (None when blank)."""
        assert self.delims is not None
        text = raw.strip()
        if not text:
            return None
        lead = len(raw) - len(raw.lstrip())
        if text.startswith("ISA") and len(text) > 3 and text[3] == self.delims.element:
            self._pos = start + lead  # a new interchange begins before this one ended
            self.delims = None
            return Token("isa-restart", "", self._base + start + lead)
        if text.startswith("IEA"):
            self.delims = None  # the next interchange declares its delimiters again
        return Token("seg", text, self._base + start + lead, unterminated=unterminated)

    def _last(self) -> Token | None:
        start = self._pos
        self._pos = len(self._buf)
        token = self._make(self._buf[start:], start, True)
        if token is None:
            self.delims = None
            return self._header()
        return token

    def _skip_oversized(self) -> Token:
        assert self.delims is not None
        start = self._pos
        while (j := self._buf.find(self.delims.terminator, self._pos)) < 0:
            self._pos = len(self._buf)
            if not self._more():
                break
        self._pos = j + 1 if j >= 0 else len(self._buf)
        return Token("oversized", "", self._base + start)
