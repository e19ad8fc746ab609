"""Table-driven tests for the itin detector, and its hand-over with ssn."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

EL = "itin"

POSITIVE = [
    ("ITIN 912-70-1234", ["912-70-1234"]),
    ("Taxpayer ID: 900-50-0001", ["900-50-0001"]),
    ("Employee 987-88-6543 terminated", ["987-88-6543"]),  # dashed valid ITIN needs no label
    ("ITIN: 912 94 1234", ["912 94 1234"]),
    ("tax id 912921234", ["912921234"]),
    ("SSN/ITIN: 912-70-1234", ["912-70-1234"]),
]

NEGATIVE = [
    "ITIN: 912-12-1234",  # group 12 is not an ITIN range
    "ITIN: 912-93-1234",  # 93 is outside the ranges
    "ITIN: 912-66-1234",
    "ITIN: 812-70-1234",  # must start with 9
    "ITIN: 912-70-0000",  # serial 0000
    "ITIN 999-99-9999",  # placeholder
    "ref 912941234 shipped",  # bare without a label
    "SSN: 912-70-1234",  # labelled as an SSN: reported by ssn
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


@pytest.mark.parametrize("text", ["Taxpayer ID: 912-70-1234", "Employee 912-70-1234", "TIN 912-70-1234"])
def test_itin_wins_over_ssn_9xx(find: Callable[..., list[Finding]], text: str) -> None:
    found = find(text)
    assert values_of(found, "ssn") == []
    [f] = [f for f in found if f.element == EL]
    assert f.validation is Validation.VALID
    assert f.normalized == "912701234"


def test_ssn_label_keeps_ssn(find: Callable[..., list[Finding]]) -> None:
    found = find("SSN: 999-72-3456")
    assert values_of(found, "ssn") == ["999-72-3456"]
    assert values_of(found, EL) == []


@pytest.mark.parametrize(("cell", "expected"), [
    ("912-70-1234", "valid"), ("912701234", "valid"), ("912-12-1234", "invalid"), ("123-45-6789", None),
    ("N/A", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected
