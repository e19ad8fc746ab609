"""Table-driven tests for the payment_card detector: positives and mandatory negatives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

E = "payment_card"

POSITIVE = [
    ("Card on file: 4532 0151 1283 0366 exp 03/27", ["4532 0151 1283 0366"]),
    ("Both charges went on my card 5523-4567-8901-2342.", ["5523-4567-8901-2342"]),
    ("Paid with 2223003122003222 at the front desk", ["2223003122003222"]),  # Mastercard 2-series
    ("AMEX 3782 822463 10005", ["3782 822463 10005"]),  # 4-6-5 grouping
    ("Discover 6011123456789019 declined", ["6011123456789019"]),
    ("JCB card 3530 1234 5678 9018", ["3530 1234 5678 9018"]),
    ("Diners Club 30569309025904", ["30569309025904"]),
    ("UnionPay 6200 1234 5678 9010", ["6200 1234 5678 9010"]),
    ("Visa 4111-1111-1111-1111 (test)", ["4111-1111-1111-1111"]),  # test card still reported
    ("credit card no. 8800123456789010", ["8800123456789010"]),  # unknown IIN, Luhn ok, context
    ("cc# 9876543210987658 exp 11/26", ["9876543210987658"]),
    ("Card: 4123456789012349, then 5523456789012342", ["4123456789012349", "5523456789012342"]),
    ("card number 630427373398 is lost", ["630427373398"]),  # 12-digit Maestro, with context
]

NEGATIVE = [
    "Card on file: 4532 0151 1283 0367",  # Luhn fails
    "Visa 4532015112830367",  # Luhn fails
    "Ref 8800123456789010 filed",  # unknown IIN and no card context
    "Reading 9876543210987658 logged",  # unknown IIN without context
    "Order #4532015112830366 shipped",  # labelled as an order number
    "Claim number: 5523456789012342",  # labelled as a claim
    "Tracking 4123456789012349",  # labelled as tracking
    "Accession 4532015112830366 received in lab",
    "Call (555) 123-4567 or 555-123-4567 ext 1234",  # phone numbers
    "BP 120/80, HR 72, Na 140, K 4.1, glucose 105 mg/dL",  # vitals and labs
    "DOB 04/05/1962, seen 2023-01-15",  # dates
    "NPI 1234567893, DEA AB1234563",  # provider identifiers
    "0000 0000 0000 0000",  # Luhn-valid but one repeated digit
    "SSN 123-45-6780",  # an SSN
    "MRN 20230115123456",  # 14-digit MRN, Luhn fails and no context
    "Card 4532 0151 1283 0366 1234 5678",  # 24 digits: not a card
    "Specimen 630427373398 received",  # 12-digit Maestro-shaped number without a card word
    "Maestro 5018 6466 7909",  # 4-4-4 is not a card grouping
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), E) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), E) == []


def test_brand_and_test_card_flags(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Visa 4111 1111 1111 1111") if f.element == E]
    assert f.validation is Validation.VALID
    assert f.flags == ("visa", "test-card")
    assert f.normalized == "4111111111111111"
    [g] = [f for f in find("Amex 3782 822463 10005") if f.element == E]
    assert "amex" in g.flags


def test_unknown_range_is_indeterminate(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("credit card 8800123456789010") if f.element == E]
    assert f.validation is Validation.INDETERMINATE
    assert f.flags == ()


def test_card_column_header(detectors: DetectorSet) -> None:
    det = detectors.by_id(E)
    assert det.matches_header("card number")
    assert det.matches_header("cc num")
    assert det.matches_header("credit card")
    assert not det.matches_header("insurance card number")
    assert not det.matches_header("member id")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("4532015112830366", "valid"),
        ("4532 0151 1283 0366", "valid"),
        ("4532-0151-1283-0366", "valid"),
        (" 378282246310005 ", "valid"),
        ("8800123456789010", "indeterminate"),
        ("4532015112830367", "invalid"),
        ("************0366", None),
        ("N/A", None),
        ("", None),
    ],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(E).check_cell(cell)
    assert (result.value if result else None) == expected
