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
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.writers.x12_seg import DAY, Batch, Elem, address, clean, isa, person_name

SHARE = 0.35
#: (CPT code, charge) of office visits and common add-ons
SERVICES = (("99213", 125), ("99214", 185), ("99203", 160), ("36415", 12), ("80053", 48), ("85025", 32))


class ClaimsBatch:
    """``billing/claims_837p_<day>.x12`` of one shard: one interchange, claims appended chunk by chunk."""

    def __init__(self, sink: PartSink, seed: int, suffix: str, dx: DxCatalog) -> None:
        self._b = Batch(sink, f"billing/claims_837p_{DAY}{suffix}.x12")
        self._rng = random.Random(f"{seed}:{self._b.path}")
        self._dx = dx
        self._hl = 0
        self._claims = 0
        self._control = self._rng.randint(1, 99999)
        self._header()

    def _header(self) -> None:
        b, c = self._b, self._control
        b.seg(isa(c))
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
        b.seg("NM1", "85", "1", *person_name(dr.id, dr.last, dr.first), "XX",
              (dr.npi, [Val("npi", dr.npi, dr.id)]))
        address(b, fac.id, fac.address)
        b.seg("HL", str(self._hl), str(self._hl - 1), "22", "0")
        b.seg("SBR", "P", "18", f"GRP{rng.randint(10000, 99999)}", "", "", "", "", "", "CI")
        b.seg("NM1", "IL", "1", *person_name(p.id, p.last, p.first, p.middle, p.suffix or ""), "MI",
              (p.member_id, [Val("health_plan_member_id", p.member_id, p.id)]))
        address(b, p.id, p.address)
        dob = p.dob.strftime("%Y%m%d")
        b.seg("DMG", "D8", (dob, [Val("dob", dob, p.id)]), p.sex)
        if p.ssn:
            ssn = p.ssn.replace("-", "")
            b.seg("REF", "SY", (ssn, [Val("ssn", ssn, p.id)]))
        payer = clean(p.payer).upper()
        b.seg("NM1", "PR", "2", payer, "", "", "", "", "PI", f"{zlib.crc32(payer.encode()) % 90000 + 10000}")
        self._claims += 1
        services = rng.sample(SERVICES, rng.randint(1, 3))
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
        self._b.trailers(self._control)
