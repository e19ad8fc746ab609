"""Table-driven tests for the medicare_mbi detector."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Location, TableBatch, Validation
from phiscope.scan.tables import TableScanner
from phiscope.scan.text import TextScanner
from tests.detectors.conftest import values_of

EL = "medicare_mbi"

POSITIVE = [
    ("Medicare ID 1EG4-TE5-MK73", ["1EG4-TE5-MK73"]),
    ("MBI: 1EG4TE5MK73 verified", ["1EG4TE5MK73"]),
    ("Beneficiary 9C99-C99-CC99 eligible", ["9C99-C99-CC99"]),  # strict layout needs no label
    ("new card 2AC3HJ4KM56 arrived", ["2AC3HJ4KM56"]),
]

NEGATIVE = [
    "MBI: 1SG4TE5MK73",  # S is never used
    "MBI: 0EG4TE5MK73",  # first character 0
    "MBI: 1EG4TE5MK7",  # 10 characters
    "Medicare ID 1EG-4TE5-MK73",  # dashes in the wrong places
    "lot 1eg4te5mk73 lower case",  # MBIs are printed upper case
    "serial 1EG4TE5MK73X",  # part of a longer token
    "ICD-10 B20 and E11.65 documented",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


def test_context_raises_confidence(find: Callable[..., list[Finding]]) -> None:
    [bare] = [f for f in find("card 1EG4TE5MK73") if f.element == EL]
    [labelled] = [f for f in find("Medicare MBI 1EG4TE5MK73") if f.element == EL]
    assert bare.validation is Validation.VALID
    assert labelled.confidence > bare.confidence
    assert labelled.normalized == "1EG4TE5MK73"


@pytest.mark.parametrize(("cell", "expected"), [
    ("1EG4-TE5-MK73", "valid"), ("1eg4te5mk73", "valid"), ("1SG4TE5MK73", "invalid"),
    ("12345678901", "invalid"),
    ("N/A", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected


def test_headerless_column_classified_by_values(detectors: DetectorSet, scanner: TextScanner) -> None:
    cells = ["1EG4-TE5-MK73", "9C99C99CC99", "2AC3HJ4KM56", "1EG4TE5MK73"]
    batch = TableBatch("t", ["c1"], pl.DataFrame({"c1": cells}), Location("x.csv"), header_detected=False)
    [cls] = TableScanner(detectors, scanner).classify("b" * 64, batch)
    assert cls.detector is not None and cls.detector.id == EL
