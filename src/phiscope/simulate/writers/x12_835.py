"""An X12 005010X221A1 835 remittance advice, one paid claim per billed patient, streamed.

``billing/remit_835_20240330.x12`` holds one interchange (ISA/GS HP/ST 835)
paying about the same share of patients as the 837P batch: BPR, TRN, the
payer (N1*PR) and payee (N1*PE, an organisation: nothing recorded), then
per claim LX, CLP (the patient control number, reported untyped), NM1*QC
with the patient's name and member ID (NM108 ``MI``), DTM*232/233 statement
dates and service lines (SVC, DTM*472). Truth values take the form the X12
reader reports them (``FIRST M LAST``, ``CCYYMMDD``), located by line and
element.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from phiscope.simulate.dates import service_date
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.writers.x12 import SERVICES, SHARE
from phiscope.simulate.writers.x12_seg import DAY, Batch, isa, person_name

PAYER = "CONNECTICUT VALLEY HEALTH PLAN"
PAYEE = "CONNECTICUT VALLEY HEALTH PARTNERS"


class RemitBatch:
    """``billing/remit_835_<day>.x12`` of one shard: one interchange, claims appended chunk by chunk."""

    def __init__(self, sink: PartSink, seed: int, suffix: str) -> None:
        self._b = Batch(sink, f"billing/remit_835_{DAY}{suffix}.x12")
        self._rng = random.Random(f"{seed}:{self._b.path}")
        self._claims = 0
        self._control = self._rng.randint(1, 99999)
        self._header()

    def _header(self) -> None:
        b, c = self._b, self._control
        b.seg(isa(c, receiver="CTVHP01", sender="CTVHPLAN"))
        b.seg("GS", "HP", "CTVHPLAN", "CTVHP01", DAY, "1200", str(c), "X", "005010X221A1")
        b.in_set = 0
        b.seg("ST", "835", "0001")
        b.seg("BPR", "I", "0", "C", "CHK", *([""] * 11), DAY)
        b.seg("TRN", "1", f"EFT{c:09d}", "1999999999")
        b.seg("N1", "PR", PAYER)
        b.seg("N1", "PE", PAYEE, "FI", "990123456")

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append the paid claims of a chunk of patients."""
        for p in patients:
            if self._rng.random() < SHARE:
                self._claim(p)

    def _claim(self, p: Patient) -> None:
        b, rng = self._b, self._rng
        self._claims += 1
        services = rng.sample(SERVICES, rng.randint(1, 3))
        paid = [round(charge * rng.uniform(0.6, 0.9)) for _, charge in services]
        total, paid_total = sum(s[1] for s in services), sum(paid)
        b.seg("LX", str(self._claims))
        b.seg("CLP", f"PCN{self._control:05d}{self._claims:06d}", "1", str(total), str(paid_total),
              str(total - paid_total), "12", f"{rng.randint(10**11, 10**12 - 1)}", "11", "1")
        b.seg("NM1", "QC", "1", *person_name(p.id, p.last, p.first, p.middle, p.suffix or ""), "MI",
              (p.member_id, [Val("health_plan_member_id", p.member_id, p.id)]))
        visit = service_date(rng).strftime("%Y%m%d")
        for qual in ("232", "233"):
            b.seg("DTM", qual, (visit, [Val("date", visit, p.id)]))
        for (cpt, charge), amount in zip(services, paid, strict=True):
            b.seg("SVC", f"HC:{cpt}", str(charge), str(amount), "", "1")
            b.seg("DTM", "472", (visit, [Val("date", visit, p.id)]))
            b.seg("CAS", "CO", "45", str(charge - amount))

    def close(self) -> None:
        """Write the trailers (SE/GE/IEA with their counts) and close the file."""
        self._b.trailers(self._control)
