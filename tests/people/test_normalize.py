"""Normalisation before matching: names, nicknames, addresses, SSN placeholders."""

from __future__ import annotations

import pytest

from phiscope.people.normalize import NameParts, clean_ssn, first_name_group, split_name, standardize_address


@pytest.mark.parametrize("text, parts", [
    ("JOHNSON, PATRICK M", NameParts("patrick", "m", "johnson")),
    ("Jenny T. Chavez", NameParts("jenny", "t", "chavez")),
    ("Mr. José Smith-Jones Jr.", NameParts("jose", None, "smithjones", "jr")),
    ("John O'Brien, Sr.", NameParts("john", None, "obrien", "sr")),
    ("Daniel Côté, MD", NameParts("daniel", None, "cote")),
    ("Chavez", NameParts(last="chavez")),
    ("Dr.", NameParts()),
])
def test_split_name(text: str, parts: NameParts) -> None:
    assert split_name(text) == parts


def test_nicknames_share_a_canonical_name() -> None:
    assert set(first_name_group("bob") or ()) & set(first_name_group("robert") or ())
    assert not set(first_name_group("olivia") or ()) & set(first_name_group("emma") or ())
    assert first_name_group(None) is None


@pytest.mark.parametrize("ssn, expected", [
    ("401223344", "401223344"), ("123456789", None), ("078051120", None), ("000121234", None),
    ("666121234", None), ("912121234", None), ("401001234", None), ("401120000", None),
    ("555555555", None), ("40122334", None), (None, None),
])
def test_placeholder_and_test_ssns_are_nulled(ssn: str | None, expected: str | None) -> None:
    assert clean_ssn(ssn) == expected


def test_addresses_are_standardized() -> None:
    a = standardize_address("960 Summer Court, # 555", "Meriden, CT 06450-1234")
    assert (a.street, a.unit, a.city, a.state, a.zip5) == ("960 SUMMER CT", "# 555", "MERIDEN", "CT", "06450")
    assert standardize_address("960 summer ct apt 555", "meriden ct 06450").street == "960 SUMMER CT"
    assert standardize_address(None, "Manchester").city == "MANCHESTER"
    assert standardize_address(None, "Manchester").state is None
    assert standardize_address(None, "06040").zip5 == "06040"


@pytest.mark.parametrize(("street", "line", "state"), [
    ("12 Elm St", "Albany, NY 12207", "NY"),
    ("12 Elm St", "ALBANY", None),  # a city alone is not a state, whatever the parser thinks
    ("12 Elm St", "Hartford 06103", "CT"),  # no state column: the ZIP's prefix says CT
    (None, "06103", "CT"),
    (None, "Springfield", None),
    (None, "Springfield, MA", "MA"),
])
def test_state_of_residence(street: str | None, line: str, state: str | None) -> None:
    assert standardize_address(street, line).state == state
