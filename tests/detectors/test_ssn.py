"""Table-driven tests for the ssn detector: positives and mandatory negatives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

POSITIVE = [
    ("SSN: 123-45-6780", ["123-45-6780"]),
    ("Patient SSN 219-09-9998 on file", ["219-09-9998"]),
    ("Social Security Number: 078 05 1121", ["078 05 1121"]),
    ("soc sec # 432123456", ["432123456"]),
    ("ssn 999-12-3456 (synthea)", ["999-12-3456"]),  # test range with strong context
    ("Employee 501-23-4567 terminated", ["501-23-4567"]),  # dashed form needs no context
]

NEGATIVE = [
    "SSN: 000-12-3456",  # area 000
    "SSN: 666-12-3456",  # area 666
    "SSN: 123-00-4567",  # group 00
    "SSN: 123-45-0000",  # serial 0000
    "Order 123456789 shipped",  # bare 9 digits without context
    "Call 999-12-3456 now",  # 9xx area without context
    "SSN: 111-11-1111",  # all same digit
    "Invoice 2023-01-1234",  # not 3-2-4
    "Tracking 12345678901",  # 11 digits
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), "ssn") == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "ssn") == []


def test_test_range_is_flagged(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("SSN: 999-12-3456") if f.element == "ssn"]
    assert f.validation is Validation.INDETERMINATE
    assert "test-range" in f.flags
    assert f.normalized == "999123456"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("123-45-6780", "valid"), ("123456780", "valid"), ("000-12-3456", "invalid"), ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("ssn").check_cell(cell)
    assert (result.value if result else None) == expected
