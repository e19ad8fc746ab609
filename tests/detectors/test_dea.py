"""Table-driven tests for the dea detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

EL = "dea"

POSITIVE = [
    ("DEA# AB1234563", ["AB1234563"]),
    ("Prescriber DEA number: BJ6125341", ["BJ6125341"]),
    ("Rx signed; registrant XS9876547 on file", ["XS9876547"]),  # valid check digit, no label
    ("DEA registrant M93141594 (mid-level)", ["M93141594"]),  # second character 9: label needed
]

NEGATIVE = [
    "DEA# AB1234564",  # check digit
    "DEA: IB1234563",  # I is not a registrant type
    "DEA: AB0000000",  # placeholder: one repeated digit
    "Lot AB12345630 expires",  # 10 digits
    "ref ab1234563 lower case",  # DEA numbers are upper case
    "ICD-10 B20 and E11.65 documented",
    "ID L94136544 on file",  # letter + 8 digits (a passport layout) passes the check by chance
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


def test_context_raises_confidence(find: Callable[..., list[Finding]]) -> None:
    [bare] = [f for f in find("Signed XS9876547") if f.element == EL]
    [labelled] = [f for f in find("DEA XS9876547") if f.element == EL]
    assert labelled.confidence > bare.confidence >= 0.5


@pytest.mark.parametrize(("cell", "expected"), [
    ("AB1234563", "valid"), ("ab1234563", "valid"), ("AB1234564", "invalid"), ("123456789", None),
    ("N/A", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected
