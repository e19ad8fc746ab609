"""Table-driven tests for the passport detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

EL = "passport"

POSITIVE = [
    ("Passport number 123456789", ["123456789"]),
    ("US passport: A12345678 (expires 2031)", ["A12345678"]),
    ("Passport on file, number 987654321", ["987654321"]),  # US layout with "passport" nearby
    ("Passport No. X53631011X", ["X53631011X"]),  # other layouts right after the label
    ("ID verified with US passport no. 750206414\nACH: routing 273031725", ["750206414"]),
    ("Routing done. Passport: 123456789", ["123456789"]),
]

NEGATIVE = [
    "Serial #: 123456789.",  # 9 digits without a passport label
    "Passport: 111111111",  # repeated digit
    "passport photo taken, 12 views",
    "Passport: 12345",  # too short
    "Order A12345678 shipped",
    # labelled as another identifier, with "passport" on the line before
    "Passport on file.\nACH: routing 273031725 account 1019435702",
    "Passport on file.\nSSN: 123-45-6780, MRN: 123456789",
    "Passport copy scanned; member ID 987654321",
    "Passport renewal call, phone # 555123456",
]

#: the other identifier keeps its own finding
OTHER_LABEL = [
    ("ID verified with US passport no. 750206414\nACH: routing 273031725", "aba_routing", "273031725"),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


@pytest.mark.parametrize(("text", "element", "value"), OTHER_LABEL)
def test_other_label_wins(find: Callable[..., list[Finding]], text: str, element: str, value: str) -> None:
    found = find(text)
    assert value in values_of(found, element)
    assert value not in values_of(found, EL)


def test_field_value_under_label(find: Callable[..., list[Finding]]) -> None:
    assert values_of(find("X53631011X", "Passport Number"), EL) == ["X53631011X"]
    assert values_of(find("X53631011X", "device"), EL) == []


@pytest.mark.parametrize(("cell", "expected"), [
    ("123456789", "indeterminate"), ("a12345678", "indeterminate"), ("111111111", "invalid"),
    ("N/A", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected
