"""Table-driven tests for the medicaid_id detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

EL = "medicaid_id"

POSITIVE = [
    ("Medicaid ID: AB12345C", ["AB12345C"]),
    ("Medicaid #: 123456789", ["123456789"]),
    ("Medicaid Member ID: 518890021", ["518890021"]),  # Medicaid beats the generic member label
    ("medicaid no. 7700112233", ["7700112233"]),
    ("Medi-Cal BIC 91234567A95001", ["91234567A95001"]),
    ("Medicaid recipient ID is 4412-0098-77", ["4412-0098-77"]),
]

NEGATIVE = [
    "his Medicaid is pending",
    "Medicaid is threatening to drop coverage",
    "Medicaid ID: 1234567",  # under 8 characters
    "Medicaid ID: 123456789012345",  # over 14 characters
    "Medicaid #: 00000000",
    "Medicare ID: 12345678",  # Medicare, not Medicaid
    "covered by medicaid since 2019",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


def test_member_label_not_reported_twice(find: Callable[..., list[Finding]]) -> None:
    found = find("Medicaid Member ID: 518890021")
    assert values_of(found, "health_plan_member_id") == []


def test_field_value_under_label(find: Callable[..., list[Finding]]) -> None:
    assert values_of(find("AB12345C", "medicaid_no"), EL) == ["AB12345C"]
    assert values_of(find("AB12345C", None), EL) == []


@pytest.mark.parametrize(("cell", "expected"), [
    ("AB12345C", "indeterminate"), ("123456789", "indeterminate"), ("1234567", "invalid"),
    ("pending", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "ok"), [
    ("medicaid id", True), ("medicaid", True), ("medi cal id", True), ("medicare id", False),
])
def test_headers(detectors: DetectorSet, header: str, ok: bool) -> None:
    assert detectors.by_id(EL).matches_header(header) is ok
