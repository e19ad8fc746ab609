"""One X12 segment split into elements, with character offsets, and the records it feeds."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from phiscope.model import Location, RecordField
from phiscope.readers._record_acc import Acc
from phiscope.readers.hl7v2.datatypes import medicare_element
from phiscope.readers.x12.tokens import X12Delimiters


class Segment:
    """``el(n)`` is the n-th element (``NM109`` is ``el(9)``); ``number`` the segment number in the file."""

    __slots__ = ("_starts", "d", "els", "name", "number", "offset")

    def __init__(self, text: str, number: int, offset: int, d: X12Delimiters) -> None:
        self.els = text.split(d.element)
        self.name = self.els[0]
        self.number = number
        self.offset = offset
        self.d = d
        self._starts: list[int] | None = None

    def el(self, n: int) -> str:
        """Element ``n`` stripped ("" when absent)."""
        return self.els[n].strip() if n < len(self.els) else ""

    def start(self, n: int) -> int:
        """Character offset of element ``n`` in the document text."""
        if self._starts is None:
            self._starts = [0, *accumulate(len(e) + 1 for e in self.els)]
        return self.offset + self._starts[min(n, len(self.els))]

    def comps(self, n: int) -> list[str]:
        """Components of element ``n``."""
        raw = self.el(n)
        return raw.split(self.d.component) if self.d.component in raw else [raw]


@dataclass(frozen=True, slots=True)
class Emitter:
    """Makes the RecordFields of one document."""

    path: str

    def put(self, acc: Acc, seg: Segment, n: int, value: str, element: str | None, label: str,
            offset: int | None = None, length: int | None = None) -> None:
        """Add element ``n`` (or a part of it) of ``seg`` to ``acc``; blank values are left out."""
        value = value.strip()
        if not value:
            return
        if element == "medicare":
            element = medicare_element(value)
        col = f"{seg.name}{n:02d}"
        start = seg.start(n) if offset is None else offset
        loc = Location(self.path, line=seg.number, column=col, offset=start,
                       length=len(value) if length is None else length)
        acc.fields.append(RecordField(value, loc, element, f"{col} {label}"))
