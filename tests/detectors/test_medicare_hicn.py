"""Table-driven tests for the medicare_hicn detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

EL = "medicare_hicn"

POSITIVE = [
    ("Medicare claim number 123-45-6789A", ["123-45-6789A"]),
    ("HICN: 123456789B1", ["123456789B1"]),
    ("card shows 219-09-9999D on the front", ["219-09-9999D"]),  # dashed SSN + BIC needs no label
    ("Medicare # 432-12-3456-C2", ["432-12-3456-C2"]),
    ("MI*102200221B1~N3*1010 THOUSAND", []),  # bare form without a Medicare label
    ("Medicare ID 102200221B1", ["102200221B1"]),
    ("HIC 999-12-3456A (test patient)", ["999-12-3456A"]),  # never-issued area with a label
]

NEGATIVE = [
    "HICN: 000-12-3456A",  # SSN area 000
    "HICN: 123-00-4567A",  # SSN group 00
    "HICN: 123456789Q",  # Q is not a beneficiary code
    "HICN: 123456789F9",  # F1-F8 only
    "Lot 123456789A expires",  # bare form without a label
    "ref 999-12-3456A",  # never-issued area without a label
    "Medicare 111-11-1111A",  # repeated digit
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


def test_not_reported_as_ssn(find: Callable[..., list[Finding]]) -> None:
    found = find("Medicare # 432-12-3456-C2")
    assert values_of(found, "ssn") == []
    [f] = [f for f in found if f.element == EL]
    assert f.normalized == "432123456C2"
    assert f.validation is Validation.VALID


@pytest.mark.parametrize(("cell", "expected"), [
    ("123-45-6789A", "valid"), ("123456789b1", "valid"), ("999-12-3456A", "indeterminate"),
    ("666-12-3456A", "invalid"), ("123-45-6789", None), ("N/A", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected
