"""``cluster.conflict``: the rules that keep two mentions apart whatever their score, case by case."""

from __future__ import annotations

from typing import Any

import pytest

from phiscope.people.bare import _no_conflict
from phiscope.people.cluster import clash, representatives
from phiscope.people.conflicts import conflict

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
    ("twins named alike: two middle initials", {**BASE, "middle_initial": "h"},
     {**BASE, "middle_initial": "e"},
     "middle_initial"),
    ("one middle initial shown", {**BASE, "middle_initial": "h"}, BASE, None),
    ("a shared SSN outweighs an initial", {**BASE, "ssn": "219441820", "middle_initial": "h"},
     {**BASE, "ssn": "219441820", "middle_initial": "e"}, None),
    ("a contact is never a minor", {**BASE, "contact": True, "dob": None}, {**BASE, "minor": True}, "minor"),
]


@pytest.mark.parametrize(("a", "b", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_conflict(a: dict[str, Any], b: dict[str, Any], expected: str | None) -> None:
    assert conflict(a, b) == expected
    assert conflict(b, a) == expected


def _random_rows(seed: int, n: int) -> dict[str, dict[str, Any]]:
    """Rows from small pools of values, so that many share every field ``conflict`` reads but one."""
    import random

    rng = random.Random(seed)
    pools: dict[str, list[Any]] = {
        "first_name": ["maurice", "olivia", "bob", "robert"], "last_name": ["cline"],
        "dob": ["1973-04-11", "1973-11-04", "1980-09-14", None], "ssn": ["219441820", "530118877", None],
        "mrn": ["1", None, None], "suffix": [None, None, "jr"], "street": ["7 HILL RD", "9 OAK ST", None],
        "zip5": ["06101", None], "phones": [("+18605550101",), (), ("+18605550102",)],
        "contact": [False, False, True], "minor": [False, False, True]}
    return {f"m{i}": {k: rng.choice(v) for k, v in pools.items()} for i in range(n)}


def test_representatives_clash_as_every_member_does() -> None:
    """Comparing one member per distinct ``conflict_key`` says what comparing every member says: the
    household fields (street, ZIP, phones) count, an SSN pair's clash depends on them."""
    import random

    # one SSN, two streets; the other SSN shares the first street only: one of them clashes with it
    household = {"x2": {**BASE, "ssn": "219441820", "street": "9 OAK ST"},
                 "x1": {**BASE, "ssn": "219441820", "street": "7 HILL RD"},
                 "y": {**BASE, "ssn": "530118877", "street": "9 OAK ST"}}
    assert clash(representatives(["x2", "x1"], household), ["y"], household)
    rng = random.Random(3)
    rows = _random_rows(5, 60)
    ids = list(rows)
    for _ in range(400):
        xs, ys = rng.sample(ids, rng.randint(1, 8)), rng.sample(ids, rng.randint(1, 8))
        assert clash(representatives(xs, rows), representatives(ys, rows), rows) == clash(xs, ys, rows)


def test_no_conflict_among_distinct_rows_is_none_among_all() -> None:
    import random

    rng = random.Random(4)
    rows = list(_random_rows(6, 40).values())
    for _ in range(400):
        some = [rng.choice(rows) for _ in range(rng.randint(1, 10))]
        every = all(conflict(a, b) is None for n, a in enumerate(some) for b in some[n + 1:])
        assert _no_conflict(some) == every
