"""EHR patient exports: four header vocabularies, delimiters, date styles and encodings."""

from __future__ import annotations

import random
from collections.abc import Sequence

from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.truth import Val
from phiscope.simulate.values import dashed_mbi
from phiscope.simulate.writers import common
from phiscope.simulate.writers.tables import Column, build_rows, csv_file

C = Column


def _opt(element: str, value: str | None, person: str) -> Val | None:
    return Val(element, value, person) if value else None


def _city(p: Patient) -> Val:
    return Val("city_state_zip", p.address.city, p.id)


def _zip(p: Patient) -> Val:
    return Val("city_state_zip", p.address.zip, p.id)


def _npi(p: Patient, pop: Population) -> Val:
    dr = pop.provider(p.pcp)
    return Val("npi", dr.npi, dr.id)


def _money(rng: random.Random) -> str:
    return f"${rng.randint(0, 2400)}.{rng.randint(0, 99):02d}"


# Vocabulary A: the main EHR export (every patient), comma-delimited, MM/DD/YYYY.
EPIC_STYLE = (
    C("PT_LNAME", lambda p, pop, r: Val("person_name", p.last, p.id)),
    C("PT_FNAME", lambda p, pop, r: Val("person_name", p.first, p.id)),
    C("PT_MI", lambda p, pop, r: p.middle),
    C("DOB", lambda p, pop, r: common.dob(p, "mdy")),
    C("SEX", lambda p, pop, r: p.sex),
    C("SSN", lambda p, pop, r: common.tax_id(p)),
    C("MRN", lambda p, pop, r: common.mrn(p)),
    C("ADDR1", lambda p, pop, r: common.street(p)),
    C("CITY", lambda p, pop, r: _city(p)),
    C("STATE", lambda p, pop, r: p.address.state),
    C("ZIP", lambda p, pop, r: _zip(p)),
    C("HOME_PHONE", lambda p, pop, r: common.phone(p.id, p.phone, "dash")),
    C("EMAIL", lambda p, pop, r: Val("email", p.email, p.id)),
    C("PCP_NPI", lambda p, pop, r: _npi(p, pop)),
    C("DX_CODE", lambda p, pop, r: Val("icd10_diagnosis", p.dx[0], p.id)),
    C("LAST_VISIT", lambda p, pop, r: Val("date", fmt_date(service_date(r), "mdy"), p.id)),
    C("ORDER_NO", lambda p, pop, r: f"ORD-{r.randint(1000000, 9999999)}"),
    C("BALANCE", lambda p, pop, r: _money(r)),
)

# Vocabulary B: registration extract, pipe-delimited .txt, ISO dates, CRLF; a few bare SSNs.
REGISTRATION = (
    C("Patient Last Name", lambda p, pop, r: Val("person_name", p.last, p.id)),
    C("Patient First Name", lambda p, pop, r: Val("person_name", p.first, p.id)),
    C("Birth Dt", lambda p, pop, r: common.dob(p, "iso")),
    C("Soc Sec #", lambda p, pop, r: common.tax_id(p, dashed=r.random() > 0.15)),
    C("Medical Record #", lambda p, pop, r: common.mrn(p)),
    C("Payer", lambda p, pop, r: p.payer),
    C("Member ID", lambda p, pop, r: Val("health_plan_member_id", p.member_id, p.id)),
    C("Medicaid ID", lambda p, pop, r: _opt("medicaid_id", p.medicaid_id, p.id)),
    C("Address", lambda p, pop, r: common.street(p, ", ")),
    C("City", lambda p, pop, r: _city(p)),
    C("State", lambda p, pop, r: p.address.state),
    C("Zip", lambda p, pop, r: _zip(p)),
    C("Phone", lambda p, pop, r: common.phone(p.id, p.phone, "paren")),
    C("Mobile", lambda p, pop, r: common.phone(p.id, p.mobile, "dot") if p.mobile else None),
    C("Email", lambda p, pop, r: Val("email", p.email, p.id)),
    C("Emergency Contact", lambda p, pop, r: Val("person_name", p.ec_name, p.ec_id)),
    C("EC Relationship", lambda p, pop, r: p.ec_relation),
    C("EC Phone", lambda p, pop, r: common.phone(p.ec_id, p.ec_phone, "dash")),
    C("Driver License #", lambda p, pop, r: _opt("drivers_license", p.dl, p.id)),
    C("DL State", lambda p, pop, r: p.dl_state or ""),
    C("Registration Date", lambda p, pop, r: Val("date", fmt_date(service_date(r), "iso"), p.id)),
)


def _medicare(p: Patient, rng: random.Random) -> Val | None:
    """Legacy claims still carry the HICN for some beneficiaries, else the MBI."""
    if p.hicn and rng.random() < 0.6:
        return Val("medicare_hicn", p.hicn, p.id)
    if not p.mbi:
        return None
    return Val("medicare_mbi", dashed_mbi(p.mbi) if rng.random() < 0.3 else p.mbi, p.id)


# Vocabulary C: claims with diagnoses, tab-delimited, DD-Mon-YYYY, ICD codes without the dot.
CLAIMS = (
    C("Name", lambda p, pop, r: common.name(p, "last_first")),
    C("DOB", lambda p, pop, r: common.dob(p, "dmon")),
    C("SSN", lambda p, pop, r: common.tax_id(p, dashed=r.random() > 0.2)),
    C("Acct", lambda p, pop, r: common.mrn(p)),
    C("Street", lambda p, pop, r: common.street(p)),
    C("City/State/Zip", lambda p, pop, r: common.city_line(p)),
    C("Phone", lambda p, pop, r: common.phone(p.id, p.phone, "plain")),
    C("Insurance ID", lambda p, pop, r: Val("health_plan_member_id", p.member_id, p.id)),
    C("Medicare ID", lambda p, pop, r: _medicare(p, r)),
    C("Dx Code", lambda p, pop, r: Val("icd10_diagnosis", p.dx[-1].replace(".", ""), p.id)),
    C("Svc Date", lambda p, pop, r: Val("date", fmt_date(service_date(r), "dmon"), p.id)),
    C("Rendering NPI", lambda p, pop, r: _npi(p, pop)),
    C("CPT", lambda p, pop, r: r.choice(("99213", "99214", "99203", "80053", "85025", "83036"))),
    C("Charge", lambda p, pop, r: _money(r)),
    C("Claim Status", lambda p, pop, r: r.choice(("PAID", "DENIED", "PENDING"))),
)

# Vocabulary D: legacy import, semicolon, cp1252 (accented names), YYYYMMDD, CRLF.
LEGACY = (
    C("LastName", lambda p, pop, r: Val("person_name", p.last, p.id)),
    C("FirstName", lambda p, pop, r: Val("person_name", p.first, p.id)),
    C("DateOfBirth", lambda p, pop, r: common.dob(p, "compact")),
    C("SSN", lambda p, pop, r: common.tax_id(p)),
    C("MRN", lambda p, pop, r: common.mrn(p)),
    C("Street", lambda p, pop, r: common.street(p)),
    C("City", lambda p, pop, r: _city(p)),
    C("State", lambda p, pop, r: p.address.state),
    C("ZIP", lambda p, pop, r: _zip(p)),
    C("Phone", lambda p, pop, r: Val("phone", fmt_phone(p.phone, "dot"), p.id)),
    C("Passport", lambda p, pop, r: _opt("passport", p.passport, p.id)),
    C("Notes", lambda p, pop, r: r.choice(("", "", "Interpreter requested", "Prefers AM appts",
                                            "Self-pay", "Needs transport"))),
)


def _subset(rng: random.Random, patients: Sequence[Patient], share: float) -> list[Patient]:
    k = max(1, round(len(patients) * share))
    return rng.sample(list(patients), k)


def write_exports(pop: Population, rng: random.Random) -> list[GeneratedFile]:
    """The four EHR exports under ``ehr/``."""
    pts = pop.patients
    out = []
    everyone = list(pts)
    rng.shuffle(everyone)
    out.append(csv_file("ehr/patients_export.csv", [c.header for c in EPIC_STYLE],
                        build_rows(EPIC_STYLE, everyone, pop, rng)))
    reg = _subset(rng, pts, 0.4)
    out.append(csv_file("ehr/registration_extract.txt", [c.header for c in REGISTRATION],
                        build_rows(REGISTRATION, reg, pop, rng), delimiter="|", newline="\r\n"))
    claims = _subset(rng, pts, 0.3)
    out.append(csv_file("ehr/claims_dx.tsv", [c.header for c in CLAIMS],
                        build_rows(CLAIMS, claims, pop, rng), delimiter="\t"))
    accented = [p for p in pts if any(ord(ch) > 127 for ch in p.first + p.last)]
    legacy = accented + [p for p in _subset(rng, pts, 0.05) if p not in accented]
    out.append(csv_file("ehr/legacy_import_cp1252.csv", [c.header for c in LEGACY],
                        build_rows(LEGACY, legacy, pop, rng), delimiter=";", encoding="cp1252",
                        newline="\r\n"))
    return out
