"""Table-driven tests for the dob detector: birth context wins over plain dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Location, TableBatch, Validation
from phiscope.scan.columns import FindingColumns
from phiscope.scan.tables import TableScanner
from phiscope.scan.text import TextScanner
from tests.detectors.conftest import values_of

POSITIVE = [
    ("DOB: 01/02/1980", ["01/02/1980"], ["1980-01-02"]),
    ("D.O.B. 1/2/80", ["1/2/80"], ["1980-01-02"]),
    ("Date of birth: 02-Jan-1980", ["02-Jan-1980"], ["1980-01-02"]),
    ("birth date 1980-01-02", ["1980-01-02"], ["1980-01-02"]),
    ("Birthdate: January 2nd, 1980", ["January 2nd, 1980"], ["1980-01-02"]),
    ("She was born on 2 January 1980 in Ohio", ["2 January 1980"], ["1980-01-02"]),
    ("Birth Dt: 19800102", ["19800102"], ["1980-01-02"]),
    ("DOB 1/2/30", ["1/2/30"], ["1930-01-02"]),  # two-digit years of birth lie in the past
    ("PATIENT: JOHN SMITH DOB: 01.02.1980", ["01.02.1980"], ["1980-01-02"]),
]

NEGATIVE = [
    "Seen on 01/02/1980",  # no birth context: that is a date
    "DOB: 02/30/1980",  # not a calendar date
    "DOB: 01/02/2099",  # in the future
    "DOB: 01/02/1890",  # more than 120 years ago
    "DOB: 1980",  # a year alone
    "DOB: MM/DD/YYYY",
    "admitted 03/04/2020 DOB",  # a birth label after a date is not its label
]


@pytest.mark.parametrize(("text", "expected", "normalized"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  normalized: list[str]) -> None:
    found = [f for f in find(text) if f.element == "dob"]
    assert [f.value for f in found] == expected
    assert [f.normalized for f in found] == normalized
    assert values_of(find(text), "date") == []  # dob wins the overlap


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "dob") == []


def test_later_date_after_birth_label_is_a_plain_date(find: Callable[..., list[Finding]]) -> None:
    found = find("DOB: 01/02/1950, admitted 03/04/2020")
    assert values_of(found, "dob") == ["01/02/1950"]
    assert values_of(found, "date") == ["03/04/2020"]


def test_field_key_gives_birth_context(find: Callable[..., list[Finding]]) -> None:
    assert values_of(find("1980-01-02", label="birthDate"), "dob") == ["1980-01-02"]
    assert values_of(find("2020-01-02", label="effectiveDateTime"), "date") == ["2020-01-02"]


def test_validation_is_age_bounded(detectors: DetectorSet) -> None:
    dob = detectors.by_id("dob")
    assert dob.validate("01/02/1980") is Validation.VALID
    assert dob.validate((dt.date.today() + dt.timedelta(days=2)).isoformat()) is Validation.INVALID


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("01/02/1980", "valid"), ("1980-01-02 00:00:00", "valid"), ("19800102", "valid"),
     ("Jan 2, 1980", "valid"), ("01/02/2099", "invalid"), ("1980", None), ("January 1980", None),
     ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("dob").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("dob", True), ("birth date", True), ("date of birth", True), ("bdate", True), ("pt dob", True),
     ("d o b", True), ("service date", False), ("dos", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("dob").matches_header(header) is matches


def test_birth_and_service_date_columns(detectors: DetectorSet, scanner: TextScanner) -> None:
    data = {"DOB": ["01/02/1980", "1980-01-02 00:00:00", "2099-01-01"],
            "Admit Date": ["2020-01-02", "01/05/2020", "n/a"]}
    batch = TableBatch("t", list(data), pl.DataFrame(data, schema={k: pl.String for k in data}),
                       Location("x.csv"))
    out = FindingColumns("d" * 64, {})
    TableScanner(detectors, scanner).scan("k", batch, out)
    table = out.take_arrow()
    assert table is not None
    rows = {(r["column"], r["row"]): (r["element"], r["normalized"]) for r in table.to_pylist()}
    assert rows == {
        ("DOB", 1): ("dob", "1980-01-02"), ("DOB", 2): ("dob", "1980-01-02"),  # 2099: no birth date
        ("Admit Date", 1): ("date", "2020-01-02"), ("Admit Date", 2): ("date", "2020-01-05"),
    }
