"""The hard cases of people resolution, among a filler population (Splink trains on all of it)."""

from __future__ import annotations

from typing import Any

import pytest

from phiscope.people.resolve import resolve_findings
from tests.people.helpers import filler, row

SHARING_A_PLACEHOLDER = [("Ana", "Lind", "1990-01-01"), ("Ben", "Okafor", "1975-06-15"),
                         ("Cleo", "Varga", "2001-11-30"), ("Dov", "Peretz", "1960-04-04")]
CASES: list[dict[str, Any]] = [
    # twins: same DOB, address, phone, last name; different first names
    *row("twins", 1, first="Emma", last="Quist", dob="2011-05-05", street="12 Larch St",
         city="Hartford, CT 06103", phone="860-555-0101"),
    *row("twins", 2, first="Olivia", last="Quist", dob="2011-05-05", street="12 Larch St",
         city="Hartford, CT 06103", phone="860-555-0101"),
    # an appointment row with only the twins' shared birth date and phone: it fits both
    *row("appointments", 1, dob="2011-05-05", phone="860-555-0101"),
    # parent and child with the same name: Sr / Jr
    *row("family", 1, name="Walter Brandt Sr.", dob="1950-02-03", street="7 Hill Rd",
         city="Hartford, CT 06103", phone="860-555-0199"),
    *row("family", 2, name="Walter Brandt Jr.", dob="1980-09-14", street="7 Hill Rd",
         city="Hartford, CT 06103", phone="860-555-0199"),
    # a person who moved: same name, DOB and SSN, new address and phone
    *row("ehr", 900, first="Ingrid", last="Solberg", dob="1972-07-21", ssn="401-22-3344",
         street="5 Old Way", city="Hartford, CT 06103", phone="860-555-0111"),
    *row("claims", 900, first="Ingrid", last="Solberg", dob="1972-07-21", ssn="401-22-3344",
         street="88 New Ave", city="Boston, MA 02110", phone="617-555-0122"),
    # a nickname: Bob / Robert, same DOB and phone
    *row("ehr", 901, first="Robert", last="Kowalczyk", dob="1965-03-30", phone="860-555-0133"),
    *row("letters", 901, first="Bob", last="Kowalczyk", dob="1965-03-30", phone="860-555-0133"),
    # a typo in the SSN (one digit), same name and DOB
    *row("ehr", 902, first="Marta", last="Ferreira", dob="1988-12-01", ssn="512-34-6789"),
    *row("claims", 902, first="Marta", last="Ferreira", dob="1988-12-01", ssn="512-34-6798"),
    # a placeholder SSN shared by many different people
    *[f for i, (first, last, dob) in enumerate(SHARING_A_PLACEHOLDER)
      for f in row("intake", i, first=first, last=last, dob=dob, ssn="111-22-3333")],
]


@pytest.fixture(scope="module")
def people() -> dict[str, str | None]:
    """finding id -> person (root mention id) after resolution; None: the mention has no person."""
    _, clusters, _ = resolve_findings(filler() + CASES)
    mention_of: dict[str, str] = {}
    from phiscope.people.mentions import build_mentions

    for m in build_mentions(filler() + CASES):
        for f in m.finding_ids:
            mention_of[f] = m.mention_id
    owner = {mid: root for root, members in clusters.items() for mid in members}
    return {f: owner.get(mid) for f, mid in mention_of.items()}


def same(people: dict[str, str | None], a: str, b: str) -> bool:
    return people[f"{a}-dob"] is not None and people[f"{a}-dob"] == people[f"{b}-dob"]


def test_twins_never_merged(people: dict[str, str | None]) -> None:
    assert not same(people, "twins-1", "twins-2")


def test_parent_and_child_with_the_same_name_not_merged(people: dict[str, str | None]) -> None:
    assert not same(people, "family-1", "family-2")


def test_a_person_who_moved_is_one_person(people: dict[str, str | None]) -> None:
    assert same(people, "ehr-900", "claims-900")


def test_a_nickname_is_the_same_person(people: dict[str, str | None]) -> None:
    assert same(people, "ehr-901", "letters-901")


def test_a_typo_in_the_ssn_still_merges(people: dict[str, str | None]) -> None:
    assert same(people, "ehr-902", "claims-902")


def test_a_placeholder_ssn_is_never_a_merge_key(people: dict[str, str | None]) -> None:
    assert len({people[f"intake-{i}-dob"] for i in range(4)}) == 4


def test_the_filler_population_dedupes(people: dict[str, str | None]) -> None:
    assert all(same(people, f"ehr-{i}", f"billing-{i}") for i in range(60))
    assert len({people[f"ehr-{i}-dob"] for i in range(60)}) == 60


def test_a_row_that_fits_both_twins_joins_neither(people: dict[str, str | None]) -> None:
    # one of the twins, not a third person: no person of its own, its pairs wait for a reviewer
    assert people["twins-1-dob"] != people["twins-2-dob"]
    assert people["appointments-1-dob"] is None
