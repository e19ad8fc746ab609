"""One X12 segment split into elements, with character offsets, and the records it feeds."""

from __future__ import annotations

from dataclasses import dataclass, field

from phiscope.model import Location, RecordField
from phiscope.readers._record_acc import Acc, Labels
from phiscope.readers.hl7v2.datatypes import medicare_element
from phiscope.readers.x12.tokens import X12Delimiters


class Segment:
    """``el(n)`` is the n-th element (``NM109`` is ``el(9)``); ``number`` the segment number in the file."""

    __slots__ = ("d", "els", "name", "number", "offset")

    def __init__(self, text: str, number: int, offset: int, d: X12Delimiters) -> None:
        self.els = text.split(d.element)
        self.name = self.els[0]
        self.number = number
        self.offset = offset
        self.d = d

    def el(self, n: int) -> str:
        """Element ``n`` stripped ("" when absent)."""
        try:
            return self.els[n].strip()
        except IndexError:
            return ""

    def start(self, n: int) -> int:
        """Character offset of element ``n`` in the document text."""
        if n <= 0:
            return self.offset
        return self.offset + len(self.d.element.join(self.els[:n])) + 1

    def comps(self, n: int) -> list[str]:
        """Components of element ``n``."""
        raw = self.el(n)
        return raw.split(self.d.component) if self.d.component in raw else [raw]


@dataclass(frozen=True, slots=True)
class Emitter:
    """Makes the RecordFields of one document."""

    path: str
    #: the (column, full label) of each field kind, built once per document
    _labels: Labels = field(default_factory=Labels, compare=False, repr=False)

    def put(self, acc: Acc, seg: Segment, n: int, value: str, element: str | None, label: str,
            offset: int | None = None, length: int | None = None) -> None:
        """Add element ``n`` (or a part of it) of ``seg`` to ``acc``; blank values are left out."""
        value = value.strip()
        if not value:
            return
        if element == "medicare":
            element = medicare_element(value)
        names = self._labels.get(seg.name, n, label, f"{seg.name}{n:02d}")
        start = seg.start(n) if offset is None else offset
        loc = Location(self.path, line=seg.number, column=names[0], offset=start,
                       length=len(value) if length is None else length)
        acc.fields.append(RecordField(value, loc, element, names[1]))
