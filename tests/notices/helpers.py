"""Synthetic recipients and an incident for the notices tests (invented people, no real data)."""

from __future__ import annotations

from pathlib import Path

from phiscope.notices.recipients import Recipient

INCIDENT = """\
[entity]
name = "Example Community Health Center"
type = "covered_entity"
[breach]
discovered = 2026-01-02
started = 2025-12-20
ended = 2025-12-28
type = "Hacking/IT Incident"
locations = ["Network Server"]
description = "An unauthorized person gained access to one of our file servers and copied some files."
[letters]
signer = "Jane Roe, Privacy Officer"
entity_address = "1 Main Street, Hartford, CT 06103"
phone = "1-800-555-0100"
email = "privacy@example.org"
website = "www.example.org/incident"
postal = "Privacy Office, 1 Main Street, Hartford, CT 06103"
doing = "We secured the server, reset every password and are working with law enforcement."
provider = "Example ID Protect"
enroll_url = "www.example-idprotect.com"
enroll_by = 2026-05-31
notice_date = 2026-02-15
"""

SAMPLES = [
    Recipient(
        "P-CA",
        "Ana María Núñez",
        "12 Main St Apt 4, Los Angeles, CA 90001",
        "CA",
        "1980-04-02",
        elements=("person_name", "ssn", "dob", "icd10_diagnosis"),
    ),
    Recipient(
        "P-MA",
        "Robert Smith",
        "5 Elm Street, Boston, MA 02108",
        "MA",
        "1975-09-30",
        elements=("person_name", "ssn", "drivers_license"),
    ),
    Recipient(
        "P-CT",
        "Carl Jones",
        "9 Oak Avenue, Hartford, CT 06103",
        "CT",
        "1990-01-15",
        elements=("person_name", "ssn", "username_password", "street_address"),
    ),
    Recipient(
        "P-ME",
        "Dana Lee",
        "3 Pine Road, Portland, ME 04101",
        "ME",
        "1968-12-01",
        elements=("person_name", "drivers_license", "medical_info"),
    ),
    Recipient(
        "P-MINOR",
        "Tommy Brown",
        "77 Cedar Lane, Austin, TX 78701",
        "TX",
        "2015-06-01",
        minor=True,
        elements=("person_name", "dob", "health_plan_member_id"),
    ),
    Recipient(
        "P-DECEASED",
        "Edith Gray",
        "40 Birch Court, Denver, CO 80202",
        "CO",
        "1931-03-03",
        deceased=True,
        elements=("person_name", "ssn", "medicare_mbi"),
    ),
    Recipient(
        "P-ES",
        "José García",
        "8 Palm Drive, Miami, FL 33101",
        "FL",
        "1985-07-07",
        elements=("person_name", "ssn", "dob"),
        language="es",
    ),
    Recipient("P-NOADDR", "Nora Blank", "", "NY", "1970-01-01", elements=("person_name", "ssn")),
]


def write_inputs(folder: Path, codes: int = 20) -> tuple[Path, Path]:
    """incident.toml and a vendor code list in ``folder``."""
    inc = folder / "incident.toml"
    inc.write_text(INCIDENT, encoding="utf-8")
    csv = folder / "codes.csv"
    csv.write_text("code\n" + "".join(f"IDP-{i:06d}\n" for i in range(codes)), encoding="utf-8")
    return inc, csv
