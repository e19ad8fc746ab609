"""Table-driven tests for the fax detector (element phone, flag fax)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding

POSITIVE = [
    ("Fax: 860-555-0199", ["860-555-0199"]),
    ("FAX (860) 555-0199", ["(860) 555-0199"]),
    ("Records were faxed to (312) 555-0198.", ["(312) 555-0198"]),
    ("fax no. +1 312 555 0198", ["+1 312 555 0198"]),
    ("Fax #: 3125550198", ["3125550198"]),
    ("Office 555 0199\n07700 063 966-Fax", ["07700 063 966"]),
    ("(312) 555-0198 fax", ["(312) 555-0198"]),
]

NEGATIVE = [
    "Fax: 123",  # too short
    "fax machine broken",
    "Fax: N/A",
    "on 12-05-2020 fax received",  # a date before the word fax
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    found = [f for f in find(text) if f.element == "phone"]
    assert [f.value for f in found] == expected
    assert all(f.detector_id == "fax" and f.flags == ("fax",) for f in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.value for f in find(text) if f.element == "phone"] == []


def test_phone_next_to_fax_stays_phone(find: Callable[..., list[Finding]]) -> None:
    found = [f for f in find("Phone: 860-555-0123  Fax: 860-555-0199") if f.element == "phone"]
    assert [(f.value, f.detector_id) for f in found] == [("860-555-0123", "phone"), ("860-555-0199", "fax")]


@pytest.mark.parametrize(
    ("cell", "expected"), [("(860) 555-0199", "valid"), ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("fax").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "matches"), [("fax", True), ("fax number", True), ("phone", False)])
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("fax").matches_header(header) is matches
