"""Table-driven tests for the npi detector."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Location, TableBatch, Validation
from phiscope.scan.tables import TableScanner
from phiscope.scan.text import TextScanner
from tests.detectors.conftest import values_of

EL = "npi"

POSITIVE = [
    ("NPI: 1234567893", ["1234567893"]),
    ("Rendering provider Dr. Lee, NPI# 1245319599", ["1245319599"]),
    ("National Provider Identifier 2291417774", ["2291417774"]),
    ("Provider ID 1003000126 on claim", ["1003000126"]),
]

NEGATIVE = [
    "NPI: 1234567890",  # wrong check digit
    "Call 1234567893 for results",  # valid NPI shape but no label: a phone-like number
    "NPI: 3234567893",  # must start with 1 or 2
    "NPI: 9999908392",  # Synthea's placeholder NPIs are not valid NPIs
    "NPI: 12345678931",  # 11 digits
    "the provider will call 2125551234 tomorrow",  # phone number near "provider"
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


def test_valid_and_header_context(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("1234567893", "prescriber_npi") if f.element == EL]
    assert f.validation is Validation.VALID


@pytest.mark.parametrize(("cell", "expected"), [
    ("1234567893", "valid"), ("1234567890", "invalid"), ("123456789", None),
    ("12345-67893", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected


def test_column_of_phone_numbers_is_not_npi(detectors: DetectorSet, scanner: TextScanner) -> None:
    cells = [f"2{n:09d}" for n in range(125551000, 125551200)]  # 10-digit phones, ~1 in 10 pass Luhn
    batch = TableBatch("t", ["c1"], pl.DataFrame({"c1": cells}), Location("x.csv"), header_detected=False)
    [cls] = TableScanner(detectors, scanner).classify("c" * 64, batch)
    assert cls.detector is None or cls.detector.id != EL
