"""EHR patient exports: five header vocabularies, delimiters, date styles, encodings and eras.

Each export is streamed (``EhrExports.write`` takes a chunk of patients).
Older exports (legacy import, practice-management list) show people as they
were registered years ago: the address before the move, the maiden name.
Hand-keyed files carry slips (a mistyped surname, swapped digits); the truth
keeps every value exactly as written.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.values import dashed_mbi
from phiscope.simulate.writers import common
from phiscope.simulate.writers.tables import Column, CsvStream, Dialect

C = Column


def _opt(element: str, value: str | None, person: str) -> Val | None:
    return Val(element, value, person) if value else None


def _city(p: Patient, old: bool = False) -> Val:
    return Val("city_state_zip", common.address_of(p, old).city, p.id)


def _zip(p: Patient, old: bool = False) -> Val:
    return Val("city_state_zip", common.address_of(p, old).zip, p.id)


def _npi(p: Patient, pop: Population) -> Val:
    dr = pop.provider(p.pcp)
    return Val("npi", dr.npi, dr.id)


def _money(rng: random.Random) -> str:
    return f"${rng.randint(0, 2400)}.{rng.randint(0, 99):02d}"


def _death(p: Patient, style: str) -> Val | None:
    return Val("date", fmt_date(p.deceased, style), p.id) if p.deceased else None


# Vocabulary A: the main EHR export (every patient), comma-delimited, MM/DD/YYYY.
EPIC_STYLE = (
    C("PT_LNAME", lambda p, pop, r: Val("person_name", p.last, p.id)),
    C("PT_FNAME", lambda p, pop, r: Val("person_name", p.first, p.id)),
    C("PT_MI", lambda p, pop, r: Val("person_name", p.middle, p.id)),  # part of the name
    C("PT_SUFFIX", lambda p, pop, r: p.suffix),
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
    C("DECEASED_DT", lambda p, pop, r: _death(p, "mdy")),
    C("ORDER_NO", lambda p, pop, r: f"ORD-{r.randint(1000000, 9999999)}"),
    C("BALANCE", lambda p, pop, r: _money(r)),
)

# Vocabulary B: registration extract, pipe-delimited .txt, ISO dates, CRLF; a few bare SSNs; keyed by hand.
REGISTRATION = (
    C("Patient Last Name", lambda p, pop, r: common.part(p, "last", r, 0.004)),
    C("Patient First Name", lambda p, pop, r: common.part(p, "first", r, 0.002)),
    C("Preferred Name", lambda p, pop, r: Val("person_name", p.nickname, p.id) if p.nickname else None),
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
    C("Phone", lambda p, pop, r: common.phone(p.id, p.phone, "paren", r, 0.003)),
    C("Mobile", lambda p, pop, r: common.phone(p.id, p.mobile, "dot") if p.mobile else None),
    C("Email", lambda p, pop, r: Val("email", p.email, p.id)),
    C("Emergency Contact", lambda p, pop, r: Val("person_name", p.ec_name, p.ec_id)),
    C("EC Relationship", lambda p, pop, r: p.ec_relation),
    C("EC Phone", lambda p, pop, r: common.phone(p.ec_id, p.ec_phone, "dash")),
    C("Household", lambda p, pop, r: p.household_id.upper()),
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
    C("Name", lambda p, pop, r: common.name(p, "last_first", r, 0.003)),
    C("DOB", lambda p, pop, r: common.dob(p, "dmon", r, 0.002)),
    C("SSN", lambda p, pop, r: common.tax_id(p, r.random() > 0.2, r, 0.003)),
    C("Med Rec #", lambda p, pop, r: common.mrn(p)),
    C("Claim #", lambda p, pop, r: f"{r.randint(100000000, 999999999)}"),
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

# Vocabulary D: legacy import, semicolon, cp1252 (accented names), YYYYMMDD, CRLF; written before
# people moved or married.
LEGACY = (
    C("LastName", lambda p, pop, r: common.part(p, "maiden")),
    C("FirstName", lambda p, pop, r: Val("person_name", p.first, p.id)),
    C("DateOfBirth", lambda p, pop, r: common.dob(p, "compact")),
    C("SSN", lambda p, pop, r: common.tax_id(p)),
    C("MRN", lambda p, pop, r: common.mrn(p)),
    C("Street", lambda p, pop, r: common.street(p, old=True)),
    C("City", lambda p, pop, r: _city(p, old=True)),
    C("State", lambda p, pop, r: common.address_of(p, True).state),
    C("ZIP", lambda p, pop, r: _zip(p, old=True)),
    C("Phone", lambda p, pop, r: Val("phone", fmt_phone(p.phone, "dot"), p.id)),
    C("Passport", lambda p, pop, r: _opt("passport", p.passport, p.id)),
    C("Notes", lambda p, pop, r: r.choice(("", "", "Interpreter requested", "Prefers AM appts",
                                            "Self-pay", "Needs transport"))),
)


# Vocabulary E: practice-management patient list, every field quoted, SQL datetimes, two-digit-year
# visit dates, work numbers with extensions, older addresses.
PM_LIST = (
    C("Patient Name", lambda p, pop, r: common.name(p, "last_first_mixed", r, 0.004)),
    C("D.O.B.", lambda p, pop, r: common.dob(p, "sql")),
    C("SS#", lambda p, pop, r: common.tax_id(p, dashed=False)),
    C("Chart #", lambda p, pop, r: common.mrn(p)),
    C("Home Address", lambda p, pop, r: common.street(p, old=r.random() < 0.5)),
    C("Home Phone", lambda p, pop, r: common.phone(p.id, p.phone, "dash")),
    C("Work Phone", lambda p, pop, r: common.phone(p.id, p.mobile, "paren") if p.mobile else None),
    C("Ext", lambda p, pop, r: common.extension(r).strip() if p.mobile else ""),
    C("Primary Ins", lambda p, pop, r: p.payer),
    C("Subscriber ID", lambda p, pop, r: Val("health_plan_member_id", p.member_id, p.id)),
    C("Last Appt", lambda p, pop, r: Val("date", fmt_date(service_date(r), "mdy2"), p.id)),
    C("Age", lambda p, pop, r: str(p.age_on(service_date(r)))),
    C("Expired", lambda p, pop, r: _death(p, "mdy")),
)


def _accented(p: Patient) -> bool:
    return any(ord(ch) > 127 for ch in p.first + p.last)


class EhrExports:
    """The five EHR exports of one shard under ``ehr/`` (``suffix`` tells the parts apart)."""

    def __init__(self, sink: PartSink, seed: int, suffix: str) -> None:
        def stream(name: str, columns: Sequence[Column], dialect: Dialect) -> CsvStream:
            path = f"ehr/{name}".replace(".", f"{suffix}.", 1)
            return CsvStream(sink, path, columns, dialect, random.Random(f"{seed}:{path}"))

        self.main = stream("patients_export.csv", EPIC_STYLE, Dialect())
        self.registration = stream("registration_extract.txt", REGISTRATION, Dialect("|", newline="\r\n"))
        self.claims = stream("claims_dx.tsv", CLAIMS, Dialect("\t"))
        self.legacy = stream("legacy_import_cp1252.csv", LEGACY, Dialect(";", "cp1252", "\r\n"))
        self.pm = stream("pm_patient_list.csv", PM_LIST, Dialect(quote_all=True))

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append a chunk of patients: everyone to the main export, shares of them to the others."""
        everyone = list(patients)
        self.main.rng.shuffle(everyone)
        self.main.write(everyone, pop)
        for stream, share in ((self.registration, 0.4), (self.claims, 0.3), (self.pm, 0.25)):
            stream.write([p for p in patients if stream.rng.random() < share], pop)
        self.legacy.write([p for p in patients if _accented(p) or self.legacy.rng.random() < 0.05], pop)

    def close(self) -> None:
        """Close every file."""
        for stream in (self.main, self.registration, self.claims, self.legacy, self.pm):
            stream.close()
