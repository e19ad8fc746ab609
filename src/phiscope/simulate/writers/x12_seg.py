"""Segment writing shared by the X12 writers (837P claims, 835 remittance).

Segments end with ``~`` and a newline, so a segment's number is its line;
``(text, vals)`` elements record truth values at that line and element
(``NM109``), the form the X12 reader reports them.
"""

from __future__ import annotations

from phiscope.simulate.people import Address
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.writers.hl7_fields import csz

DAY = "20240330"
_DELIMS = str.maketrans({c: " " for c in "*~:^"})
Elem = str | tuple[str, list[Val]]


def clean(text: str) -> str:
    """Free text with the X12 delimiters (``* ~ : ^``) blanked out."""
    return " ".join(text.translate(_DELIMS).split())


def isa(control: int, receiver: str = "CLEARHOUSE", sender: str = "CTVHP01") -> str:
    """The fixed-width ISA segment text of interchange ``control``."""
    return (f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{sender.ljust(15)}*ZZ*{receiver.ljust(15)}*{DAY[2:]}*1200*^*"
            f"00501*{control:09d}*0*P*:")


class Batch:
    """The open .x12 file: segments appended, each value's line and element recorded."""

    def __init__(self, sink: PartSink, path: str) -> None:
        self._sink = sink
        self.path = path
        self._out = sink.create(path).open("w", encoding="utf-8", newline="\n")
        self.line = 0
        self.in_set = 0

    def seg(self, name: str, *elems: Elem) -> None:
        """Write one segment; ``(text, vals)`` elements record their truth values."""
        self.line += 1
        self.in_set += 1
        cells = [name]
        for n, e in enumerate(elems, 1):
            if isinstance(e, tuple):
                cells.append(e[0])
                for v in e[1]:
                    self._sink.add(self.path, v, {"line": self.line, "column": f"{name}{n:02d}"})
            else:
                cells.append(e)
        self._out.write("*".join(cells).rstrip("*") + "~\n")

    def trailers(self, control: int) -> None:
        """Write SE/GE/IEA with their counts (one transaction set, one group) and close the file."""
        self.seg("SE", str(self.in_set + 1), "0001")
        self.seg("GE", "1", str(control))
        self.seg("IEA", "1", f"{control:09d}")
        self._out.close()


def address(b: Batch, person: str, addr: Address) -> None:
    """N3/N4 of an address, the street line and ``City, ST ZIP`` recorded under ``person``."""
    street, unit = clean(addr.street), clean(addr.unit or "")
    shown = " ".join(x for x in (street, unit) if x)
    b.seg("N3", (street, [Val("street_address", shown, person)]), *([unit] if unit else []))
    city, state, postal = clean(addr.city), clean(addr.state), clean(addr.zip)
    value = csz(Address(street, None, city, state, postal))
    country = [] if addr.country == "US" else [clean(addr.country)[:3].upper()]
    b.seg("N4", (city, [Val("city_state_zip", value, person)]), state, postal, *country)


def person_name(person: str, last: str, first: str, middle: str = "", suffix: str = "") -> list[Elem]:
    """NM103-NM107 of a person; the truth name ``FIRST M LAST SUFFIX`` on NM103."""
    parts = [clean(x).upper() for x in (last, first, middle, suffix)]
    shown = " ".join(p for p in (parts[1], parts[2], parts[0], parts[3]) if p)
    return [(parts[0], [Val("person_name", shown, person)]), parts[1], parts[2], "", parts[3]]
