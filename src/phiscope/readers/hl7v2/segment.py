"""One parsed segment: fields split on the declared separator, with character offsets."""

from __future__ import annotations

from collections.abc import Iterator

from phiscope.readers.hl7v2.delims import Delimiters


class Segment:
    """A segment of a message. ``field(n)`` is ``SEG-n`` (``PID-5`` is ``field(5)``)."""

    __slots__ = ("d", "fields", "line", "name", "offset")

    def __init__(self, text: str, line: int, offset: int, d: Delimiters) -> None:
        self.fields = text.split(d.field)
        self.name = self.fields[0]
        self.line = line
        self.offset = offset
        self.d = d

    def field(self, n: int) -> str:
        """The raw text of ``SEG-n`` ("" when absent)."""
        return self.fields[n] if n < len(self.fields) else ""

    def start(self, n: int) -> int:
        """Character offset of ``SEG-n`` in the document text."""
        if n <= 0:
            return self.offset
        return self.offset + len(self.d.field.join(self.fields[:n])) + 1

    def reps(self, n: int) -> Iterator[tuple[str, int]]:
        """The non-empty repetitions of ``SEG-n`` with their offsets."""
        raw = self.field(n)
        if not raw:
            return
        pos = self.start(n)
        for rep in self.d.split(raw, self.d.repetition):
            if rep and rep != '""':
                yield rep, pos
            pos += len(rep) + 1

    def comps(self, rep: str) -> list[str]:
        """Raw components of one repetition (escapes not yet decoded)."""
        return self.d.split(rep, self.d.component)

    def text(self, raw: str) -> str:
        """A component as plain text: subcomponents joined by spaces, escapes decoded."""
        return self.d.flat(raw)


def comp_offset(comps: list[str], i: int) -> int:
    """Offset of component ``i`` relative to the start of its repetition."""
    return sum(len(c) + 1 for c in comps[:i])


def comp(comps: list[str], i: int) -> str:
    """Component ``i`` (0-based) or ""."""
    return comps[i] if i < len(comps) else ""
