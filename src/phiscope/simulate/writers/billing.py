"""Spreadsheet content: a billing workbook and a scheduling workbook."""

from __future__ import annotations

import random
from collections import Counter

from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.documents import GeneratedFile, Part
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.truth import Val
from phiscope.simulate.values import format_card
from phiscope.simulate.writers import common
from phiscope.simulate.writers.xlsx import Sheet, money, workbook

CPT = ("99213", "99214", "99203", "99395", "80053", "85025", "83036", "93000")
REASONS = ("Follow-up", "Annual physical", "Medication review", "Lab results", "New patient visit",
           "Sick visit", "Telehealth check-in")


def _charges(pts: list[Patient], rng: random.Random) -> tuple[Sheet, Counter[str]]:
    header = ["Invoice #", "Patient Name", "DOB", "MRN", "Payer", "Member ID", "CPT", "ICD-10", "Charge",
              "Service Date"]
    rows: list[list[Part | None]] = []
    totals: Counter[str] = Counter()
    for p in pts:
        charge = money(rng)
        totals[p.payer] += 1
        rows.append([f"INV-2024-{rng.randint(10000, 99999)}", common.name(p, "last_first_mixed"),
                     Val("dob", p.dob.isoformat(), p.id), common.mrn(p), p.payer,
                     Val("health_plan_member_id", p.member_id, p.id), rng.choice(CPT),
                     Val("icd10_diagnosis", rng.choice(p.dx), p.id), charge,
                     Val("date", service_date(rng).isoformat(), p.id)])
    kinds = {"DOB": "date", "MRN": "number", "CPT": "number", "Charge": "money", "Service Date": "date"}
    title = "Connecticut Valley Health Partners - Patient Charges, Q1 2024"
    return Sheet("Charges", header, rows, title, kinds), totals


def _payments(pts: list[Patient], rng: random.Random) -> Sheet:
    header = ["Patient", "Card Type", "Card Number", "Exp", "Amount", "ACH Routing", "ACH Account"]
    rows: list[list[Part | None]] = []
    for p in pts:
        if not (p.card or p.routing):
            continue
        card = None
        if p.card:
            card = Val("payment_card", format_card(p.card, rng.choice((" ", "-", ""))), p.id)
        rows.append([common.name(p), (p.card_brand or "").upper() or None, card,
                     f"{rng.randint(1, 12):02d}/{rng.randint(25, 30)}", money(rng),
                     Val("aba_routing", p.routing, p.id) if p.routing else None,
                     Val("bank_account", p.account, p.id) if p.account else None])
    return Sheet("Payments", header, rows, kinds={"Amount": "money"})


def billing_workbook(pop: Population, rng: random.Random) -> GeneratedFile:
    """``billing/billing_q1.xlsx``: Charges (merged title row), Payments, Summary."""
    pts = rng.sample(list(pop.patients), max(1, len(pop.patients) * 2 // 5))
    charges, totals = _charges(pts, rng)
    summary = Sheet("Summary", ["Payer", "Claims"], [[payer, str(n)] for payer, n in sorted(totals.items())],
                    kinds={"Claims": "number"})
    return workbook("billing/billing_q1.xlsx", [charges, _payments(pts, rng), summary])


def _week(name: str, pts: list[Patient], pop: Population, rng: random.Random) -> Sheet:
    header = ["Appt Date", "Time", "Patient", "DOB", "Phone", "Provider", "Provider NPI", "Reason",
              "Confirmed"]
    rows: list[list[Part | None]] = []
    for p in pts:
        dr = pop.provider(p.pcp)
        rows.append([Val("date", fmt_date(service_date(rng), "mdy"), p.id),
                     f"{rng.randint(8, 16):02d}:{rng.choice(('00', '15', '30', '45'))}", common.name(p),
                     common.dob(p, "mdy_short"), common.phone(p.id, p.phone, "paren"),
                     common.provider_name(dr), Val("npi", dr.npi, dr.id), rng.choice(REASONS),
                     rng.choice("YN")])
    return Sheet(name, header, rows)


def scheduling_workbook(pop: Population, rng: random.Random) -> GeneratedFile:
    """``scheduling/appointments.xlsx``: two weekly sheets (dates stored as text)."""
    k = max(1, len(pop.patients) // 6)
    sheets = [_week(f"Week {w}", rng.sample(list(pop.patients), k), pop, rng) for w in (14, 15)]
    return workbook("scheduling/appointments.xlsx", sheets)


def write_spreadsheets(pop: Population, rng: random.Random) -> list[GeneratedFile]:
    """Both workbooks."""
    return [billing_workbook(pop, rng), scheduling_workbook(pop, rng)]
