"""``cluster.conflict``: the rules that keep two mentions apart whatever their score, case by case."""

from __future__ import annotations

from typing import Any

import pytest

from phiscope.people.cluster import conflict

BASE = {"first_name": "maurice", "last_name": "cline", "dob": "1973-04-11"}

CASES: list[tuple[str, dict[str, Any], dict[str, Any], str | None]] = [
    ("same person", BASE, BASE, None),
    ("a DOB typo (one digit)", BASE, {**BASE, "dob": "1973-04-12"}, None),
    ("day and month read the other way round", BASE, {**BASE, "dob": "1973-11-04"}, None),
    ("another DOB", BASE, {**BASE, "dob": "1980-09-14"}, "dob"),
    ("another day, not a swap", BASE, {**BASE, "dob": "1973-11-05"}, "dob"),
    ("a swap in another year", BASE, {**BASE, "dob": "1975-11-04"}, "dob"),
    ("another first name", BASE, {**BASE, "first_name": "olivia"}, "first_name"),
    ("a nickname", {**BASE, "first_name": "robert"}, {**BASE, "first_name": "bob"}, None),
    ("Jr and Sr", {**BASE, "suffix": "jr"}, {**BASE, "suffix": "sr"}, "suffix"),
    ("SSNs far apart", {**BASE, "ssn": "219441820"}, {**BASE, "ssn": "530118877"}, "ssn"),
    ("SSNs far apart, one street", {**BASE, "ssn": "219441820", "street": "7 HILL RD"},
     {**BASE, "ssn": "530118877", "street": "7 HILL RD"}, None),
    ("SSNs far apart, one phone", {**BASE, "ssn": "219441820", "phones": ["+18605550101"]},
     {**BASE, "ssn": "530118877", "phones": ["+18605550101", "+18605550102"]}, None),
    ("SSNs far apart, one street, another DOB", {**BASE, "ssn": "219441820", "street": "7 HILL RD"},
     {**BASE, "ssn": "530118877", "street": "7 HILL RD", "dob": "1973-04-21"}, "ssn"),
    ("twins: one street and DOB, two first names", {**BASE, "ssn": "219441820", "street": "7 HILL RD"},
     {**BASE, "first_name": "olivia", "ssn": "219441821", "street": "7 HILL RD"}, "first_name"),
    ("a shared MRN outweighs a DOB", {**BASE, "mrn": "1"}, {**BASE, "mrn": "1", "dob": "1980-09-14"}, None),
    ("a contact is never a minor", {**BASE, "contact": True, "dob": None}, {**BASE, "minor": True}, "minor"),
]


@pytest.mark.parametrize(("a", "b", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_conflict(a: dict[str, Any], b: dict[str, Any], expected: str | None) -> None:
    assert conflict(a, b) == expected
    assert conflict(b, a) == expected
