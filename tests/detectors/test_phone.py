"""Table-driven tests for the phone detector (phonenumbers-validated)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation

POSITIVE = [
    ("Call (860) 555-0123 today", ["(860) 555-0123"], ["+18605550123"]),
    ("860-555-0123", ["860-555-0123"], ["+18605550123"]),
    ("860.555.0123 ext. 12", ["860.555.0123 ext. 12"], ["+18605550123"]),
    ("cell +1 860 555 0123;", ["+1 860 555 0123"], ["+18605550123"]),
    ("1-800-555-0199", ["1-800-555-0199"], ["+18005550199"]),
    ("Phone 8605550123", ["8605550123"], ["+18605550123"]),
    ("Desk: +1-903-140-4508x769", ["+1-903-140-4508x769"], ["+19031404508"]),
    ("301 944-5032", ["301 944-5032"], ["+13019445032"]),
    ("tel: 860 555 0123", ["860 555 0123"], ["+18605550123"]),
    ("Desk: +41 (0)85 806 98 67", ["+41 (0)85 806 98 67"], ["+41858069867"]),
    ("Mobile: 0496 46 46 70", ["0496 46 46 70"], ["0496464670"]),  # foreign national format
    ("Phone:\n(37) 788-063\n", ["(37) 788-063"], ["37788063"]),
]

NEGATIVE = [
    "SSN 123-45-6789",  # 3-2-4
    "seen 01-02-1980",  # a date
    "ZIP 06103-1234",  # ZIP+4
    "Order 8605550123 shipped",  # bare digits without a phone word
    "Order # 860-555-0123",  # labelled as an order number
    "NPI: 1234567893",  # NPI
    "NPI 1234567893 phone",  # NPI, even with a phone word nearby
    "Invoice 123-456-7890",  # impossible number, no phone word
    "pH 7.35 to 7.45",
    "Phone: 123",  # too short
    "IP 192.168.100.200",
    "ISBN 978-3-16-148410-0",
]


@pytest.mark.parametrize(("text", "expected", "normalized"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  normalized: list[str]) -> None:
    found = [f for f in find(text) if f.detector_id == "phone"]
    assert [f.value for f in found] == expected
    assert [f.normalized for f in found] == normalized


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.value for f in find(text) if f.element == "phone"] == []


def test_validity(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Call (860) 555-0123") if f.element == "phone"]
    assert f.validation is Validation.VALID and f.flags == ()
    [g] = [f for f in find("phone 123-456-7890") if f.element == "phone"]
    assert g.validation is Validation.INDETERMINATE  # possible, not valid: reported only with context


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("(860) 555-0123", "valid"), ("8605550123", "valid"), ("+44 20 7946 0958", "valid"),
     ("860-555-0123 x12", "valid"), ("123-456-7890", "indeterminate"), ("0496 46 46 70", "indeterminate"),
     ("+1 5551 234 5678", "invalid"), ("+1 123", None), ("N/A", None), ("", None), ("12345", None),
     ("john@example.com", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("phone").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("phone", True), ("home phone", True), ("telephone", True), ("tel", True), ("cell", True),
     ("mobile", True), ("ph", True), ("contact number", True), ("fax", False), ("npi", False),
     ("phone1", True), ("phonenumber", True), ("phonetic", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("phone").matches_header(header) is matches
