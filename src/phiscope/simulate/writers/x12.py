"""An X12 005010X222A1 837P professional-claims batch, one claim per billed patient, streamed.

``billing/claims_837p_20240330.x12`` holds one interchange (ISA/GS/ST 837)
with a claim for about a third of the patients: per claim an HL 20 billing
provider (the patient's primary-care physician, NPI, the clinic's address),
an HL 22 subscriber (SBR self, NM1*IL with the member ID, N3/N4, DMG birth
date, REF*SY SSN where the patient has one, the payer), CLM, HI (ICD-10-CM
codes without the dot, as X12 writes them) and service lines (SV1, DTP*472).
Segments end with ``~`` and a newline, so a segment's number is its line.
Truth values take the form the X12 reader reports them: ``FIRST M LAST``,
``City, ST ZIP``, ``CCYYMMDD``; located by line and element (``NM109``).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.dates import service_date
from phiscope.simulate.people import Address, Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.writers.hl7_fields import csz

SHARE = 0.35
DAY = "20240330"
_DELIMS = str.maketrans({c: " " for c in "*~:^"})
#: (CPT code, charge) of office visits and common add-ons
_SERVICES = (("99213", 125), ("99214", 185), ("99203", 160), ("36415", 12), ("80053", 48), ("85025", 32))
Elem = str | tuple[str, list[Val]]


def clean(text: str) -> str:
    """Free text with the X12 delimiters (``* ~ : ^``) blanked out."""
    return " ".join(text.translate(_DELIMS).split())


def _isa(control: int) -> str:
    sender, receiver = "CTVHP01".ljust(15), "CLEARHOUSE".ljust(15)
    return (f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{sender}*ZZ*{receiver}*{DAY[2:]}*1200*^*00501*"
            f"{control:09d}*0*P*:")


class _Batch:
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

    def close(self) -> None:
        self._out.close()


def _address(b: _Batch, person: str, addr: Address) -> None:
    street, unit = clean(addr.street), clean(addr.unit or "")
    shown = " ".join(x for x in (street, unit) if x)
    b.seg("N3", (street, [Val("street_address", shown, person)]), *([unit] if unit else []))
    city, state, postal = clean(addr.city), clean(addr.state), clean(addr.zip)
    value = csz(Address(street, None, city, state, postal))
    country = [] if addr.country == "US" else [clean(addr.country)[:3].upper()]
    b.seg("N4", (city, [Val("city_state_zip", value, person)]), state, postal, *country)


def _person_name(person: str, last: str, first: str, middle: str = "", suffix: str = "") -> list[Elem]:
    """NM103-NM107 of a person; the truth name ``FIRST M LAST SUFFIX`` on NM103."""
    parts = [clean(x).upper() for x in (last, first, middle, suffix)]
    shown = " ".join(p for p in (parts[1], parts[2], parts[0], parts[3]) if p)
    return [(parts[0], [Val("person_name", shown, person)]), parts[1], parts[2], "", parts[3]]


class ClaimsBatch:
    """``billing/claims_837p_<day>.x12`` of one shard: one interchange, claims appended chunk by chunk."""

    def __init__(self, sink: PartSink, seed: int, suffix: str, dx: DxCatalog) -> None:
        self._b = _Batch(sink, f"billing/claims_837p_{DAY}{suffix}.x12")
        self._rng = random.Random(f"{seed}:{self._b.path}")
        self._dx = dx
        self._hl = 0
        self._claims = 0
        self._control = self._rng.randint(1, 99999)
        self._header()

    def _header(self) -> None:
        b, c = self._b, self._control
        b.seg(_isa(c))
        b.seg("GS", "HC", "CTVHP01", "CLEARHOUSE", DAY, "1200", str(c), "X", "005010X222A1")
        b.in_set = 0
        b.seg("ST", "837", "0001", "005010X222A1")
        b.seg("BHT", "0019", "00", f"B{c:07d}", DAY, "1200", "CH")
        b.seg("NM1", "41", "2", "CONNECTICUT VALLEY HEALTH PARTNERS", "", "", "", "", "46", "CTVHP01")
        b.seg("PER", "IC", "BILLING OFFICE", "TE", "8605550100")
        b.seg("NM1", "40", "2", "CLEARHOUSE", "", "", "", "", "46", "CLEARHOUSE")

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append the claims of a chunk of patients."""
        for p in patients:
            if self._rng.random() < SHARE:
                self._claim(p, pop)

    def _claim(self, p: Patient, pop: Population) -> None:
        b, rng = self._b, self._rng
        dr, fac = pop.provider(p.pcp), pop.facility(p.facility)
        self._hl += 2
        b.seg("HL", str(self._hl - 1), "", "20", "1")
        b.seg("NM1", "85", "1", *_person_name(dr.id, dr.last, dr.first), "XX",
              (dr.npi, [Val("npi", dr.npi, dr.id)]))
        _address(b, fac.id, fac.address)
        b.seg("HL", str(self._hl), str(self._hl - 1), "22", "0")
        b.seg("SBR", "P", "18", f"GRP{rng.randint(10000, 99999)}", "", "", "", "", "", "CI")
        b.seg("NM1", "IL", "1", *_person_name(p.id, p.last, p.first, p.middle, p.suffix or ""), "MI",
              (p.member_id, [Val("health_plan_member_id", p.member_id, p.id)]))
        _address(b, p.id, p.address)
        dob = p.dob.strftime("%Y%m%d")
        b.seg("DMG", "D8", (dob, [Val("dob", dob, p.id)]), p.sex)
        if p.ssn:
            ssn = p.ssn.replace("-", "")
            b.seg("REF", "SY", (ssn, [Val("ssn", ssn, p.id)]))
        payer = clean(p.payer).upper()
        b.seg("NM1", "PR", "2", payer, "", "", "", "", "PI", f"{zlib.crc32(payer.encode()) % 90000 + 10000}")
        self._claims += 1
        services = rng.sample(_SERVICES, rng.randint(1, 3))
        total = sum(s[1] for s in services)
        b.seg("CLM", f"PCN{self._control:05d}{self._claims:06d}", str(total), "", "", "11:B:1", "Y", "A",
              "Y", "Y")
        his: list[Elem] = []
        for i, code in enumerate(p.dx[:12]):
            x12code = code.replace(".", "")
            his.append((f"{'ABK' if i == 0 else 'ABF'}:{x12code}", [Val("icd10_diagnosis", x12code, p.id)]))
        if his:
            b.seg("HI", *his)
        visit = service_date(rng).strftime("%Y%m%d")
        pointers = ":".join(str(i) for i in range(1, min(len(his), 4) + 1)) or "1"
        for n, (cpt, charge) in enumerate(services, 1):
            b.seg("LX", str(n))
            b.seg("SV1", f"HC:{cpt}", str(charge), "UN", "1", "", "", pointers)
            b.seg("DTP", "472", "D8", (visit, [Val("date", visit, p.id)]))

    def close(self) -> None:
        """Write the trailers (SE/GE/IEA with their counts) and close the file."""
        b = self._b
        b.seg("SE", str(b.in_set + 1), "0001")
        b.seg("GE", "1", str(self._control))
        b.seg("IEA", "1", f"{self._control:09d}")
        b.close()
