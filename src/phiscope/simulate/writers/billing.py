"""Spreadsheets: a billing workbook and a scheduling workbook, streamed chunk by chunk."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.documents import Part
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.values import format_card
from phiscope.simulate.writers import common
from phiscope.simulate.writers.xlsx import Sheet, SheetWriter, XlsxStream, money

CPT = ("99213", "99214", "99203", "99395", "80053", "85025", "83036", "93000")
REASONS = ("Follow-up", "Annual physical", "Medication review", "Lab results", "New patient visit",
           "Sick visit", "Telehealth check-in")
CHARGES = Sheet("Charges", ["Invoice #", "Patient Name", "DOB", "MRN", "Payer", "Member ID", "CPT", "ICD-10",
                            "Charge", "Service Date"],
                title="Connecticut Valley Health Partners - Patient Charges, Q1 2024",
                groups=[("Patient", 4), ("Insurance", 2), ("Service", 4)],
                kinds={"DOB": "date", "MRN": "number", "CPT": "number", "Charge": "money",
                       "Service Date": "date"})
PAYMENTS = Sheet("Payments", ["Patient", "Card Type", "Card Number", "Exp", "Amount", "ACH Routing",
                              "ACH Account"], kinds={"Amount": "money"})
WEEK = ["Appt Date", "Time", "Patient", "DOB", "Phone", "Provider", "Provider NPI", "Reason", "Confirmed"]


def _charge(p: Patient, rng: random.Random) -> list[Part | None]:
    return [f"INV-2024-{rng.randint(10000, 99999)}", common.name(p, "last_first_mixed", rng, 0.003),
            Val("dob", p.dob.isoformat(), p.id), common.mrn(p), p.payer,
            Val("health_plan_member_id", p.member_id, p.id), rng.choice(CPT),
            Val("icd10_diagnosis", rng.choice(p.dx), p.id), money(rng),
            Val("date", service_date(rng).isoformat(), p.id)]


def _payment(p: Patient, rng: random.Random) -> list[Part | None]:
    card = Val("payment_card", format_card(p.card, rng.choice((" ", "-", ""))), p.id) if p.card else None
    return [common.name(p), (p.card_brand or "").upper() or None, card,
            f"{rng.randint(1, 12):02d}/{rng.randint(25, 30)}", money(rng),
            Val("aba_routing", p.routing, p.id) if p.routing else None,
            Val("bank_account", p.account, p.id) if p.account else None]


def _appointment(p: Patient, pop: Population, rng: random.Random) -> list[Part | None]:
    dr = pop.provider(p.pcp)
    return [Val("date", fmt_date(service_date(rng), "mdy"), p.id),
            f"{rng.randint(8, 16):02d}:{rng.choice(('00', '15', '30', '45'))}",
            common.name(p, "preferred", rng, 0.01), common.dob(p, "mdy_short", rng, 0.003),
            common.phone(p.id, p.phone, "paren", rng, 0.005), common.provider_name(dr),
            Val("npi", dr.npi, dr.id), rng.choice(REASONS), rng.choice("YN")]


class Spreadsheets:
    """``billing/billing_q1.xlsx`` (Charges with merged title and group rows, Payments, Summary) and
    ``scheduling/appointments.xlsx`` (two weekly sheets, dates as text) of one shard."""

    def __init__(self, sink: PartSink, seed: int, suffix: str) -> None:
        path = f"billing/billing_q1{suffix}.xlsx"
        self.rng = random.Random(f"{seed}:{path}")
        self._billing = XlsxStream(sink, path, "Billing Office")
        self._charges = self._billing.sheet(CHARGES)
        self._payments = self._billing.sheet(PAYMENTS)
        self._summary = self._billing.sheet(Sheet("Summary", ["Payer", "Claims"], kinds={"Claims": "number"}))
        self._totals: Counter[str] = Counter()
        self._scheduling = XlsxStream(sink, f"scheduling/appointments{suffix}.xlsx", "Front Desk")
        self._weeks: list[SheetWriter] = [self._scheduling.sheet(Sheet(f"Week {w}", WEEK)) for w in (14, 15)]

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append a chunk: 40% of the patients are billed, a sixth appear in each week's schedule."""
        rng = self.rng
        billed = [p for p in patients if rng.random() < 0.4]
        for p in billed:
            self._totals[p.payer] += 1
            self._charges.row(_charge(p, rng))
        for p in billed:
            if p.card or p.routing:
                self._payments.row(_payment(p, rng))
        for week in self._weeks:
            for p in patients:
                if rng.random() < 1 / 6:
                    week.row(_appointment(p, pop, rng))

    def close(self) -> None:
        """Write the summary and finish both workbooks."""
        for payer, n in sorted(self._totals.items()):
            self._summary.row([payer, str(n)])
        self._billing.close()
        self._scheduling.close()
