"""Table-driven tests for the city_state_zip detector (incl. ZIP-only and city-only columns)."""

from __future__ import annotations

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
    ("4417 Old Kettle Rd, Fresno, CA 93726.", ["Fresno, CA 93726"]),
    ("Hartford, CT 06103-1234", ["Hartford, CT 06103-1234"]),
    ("New York, NY 10001", ["New York, NY 10001"]),
    ("Silver Spring, MD 20910", ["Silver Spring, MD 20910"]),
    ("Salt Lake City, Utah 84101", ["Salt Lake City, Utah 84101"]),
    ("EAST ORANGE, NJ  07018", ["EAST ORANGE, NJ  07018"]),
    ("PSC 3294, Box 9168\nAPO AA 61487", ["APO AA 61487"]),
    ("ZIP: 06103", ["06103"]),
    ("my zip code is 35350", ["35350"]),
    ("zip code 93726-0001", ["93726-0001"]),
]

NEGATIVE = [
    "Hartford, CT",  # no ZIP: a city alone is not reported by this detector
    "Patient lives in Connecticut",
    "Invoice 06103 paid",  # five digits without a ZIP label
    "Hartford, XY 06103",  # not a state
    "ZIP: 0610",
    "glucose 93726 mg",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), "city_state_zip") == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "city_state_zip") == []


def test_zip_matching_state_is_valid_and_normalised(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Hartford, Connecticut 06103") if f.element == "city_state_zip"]
    assert f.validation is Validation.VALID
    assert f.normalized == "hartford ct 06103"
    [g] = [f for f in find("Hartford, CT 93726") if f.element == "city_state_zip"]
    assert g.validation is Validation.INDETERMINATE  # ZIP of California


def test_labelled_zip_is_flagged(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("ZIP: 06103") if f.element == "city_state_zip"]
    assert f.flags == ("zip-only",)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("06103", "valid"), ("06103-1234", "valid"), ("061031234", "valid"), ("00000", "invalid"),
     ("00212", "indeterminate"), ("Hartford, CT 06103", "valid"), ("6103", None),
     # a city alone (in a city column): any place name, no gazetteer
     ("Hartford", "indeterminate"), ("NEW HAVEN", "indeterminate"), ("St. Louis", "indeterminate"),
     ("Winston-Salem", "indeterminate"), ("O'Fallon", "indeterminate"), ("Coeur d'Alene", "indeterminate"),
     ("Española", "indeterminate"), (" Salt Lake City ", "indeterminate"),
     # not a place: placeholders, digits, too long / too many words
     ("N/A", None), ("Unknown", None), ("HOMELESS", None), ("refused", None), ("", None),
     ("Apt 4", None), ("Hartford 2", None), ("Hartford, CT", None), ("-", None),
     ("Lives with daughter in the next town over", None), ("x" * 41, None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("city_state_zip").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("zip", True), ("zip code", True), ("zipcode", True), ("postal code", True), ("pt zip", True),
     ("city", True), ("pt city", True), ("home city", True), ("patient city", True), ("town", True),
     ("address city", True), ("city state", True),
     ("state", False), ("ethnicity", False), ("capacity", False), ("provider city", False),
     ("facility city", False), ("employer city", False), ("pharmacy city", False), ("prov city", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("city_state_zip").matches_header(header) is matches


def test_zip_and_city_columns_are_sensitive_state_is_not(detectors: DetectorSet,
                                                         scanner: TextScanner) -> None:
    data = {"City": ["Hartford", "Unknown"], "State": ["CT", "CA"], "Zip Code": ["06103", "93726-0001"],
            "Provider City": ["Hartford", "Fresno"]}
    batch = TableBatch("t", list(data), pl.DataFrame(data, schema={k: pl.String for k in data}),
                       Location("x.csv"))
    out = FindingColumns("d" * 64, {})
    TableScanner(detectors, scanner).scan("k", batch, out)
    table = out.take_arrow()
    assert table is not None
    rows = [r for r in table.to_pylist() if r["element"] == "city_state_zip"]
    assert [(r["column"], r["value"], r["flags"], r["normalized"]) for r in rows] == [
        ("City", "Hartford", "city-only", "hartford"),
        ("Zip Code", "06103", "zip-only", "06103"), ("Zip Code", "93726-0001", "zip-only", "93726-0001")]


@pytest.mark.parametrize(("label", "value", "expected"), [
    ("city", "St. Louis", ["St. Louis"]), ("address.city", "New Haven", ["New Haven"]),
    ("state", "Connecticut", []), ("city", "unknown", []), ("provider city", "Hartford", []),
])
def test_city_field(find: Callable[..., list[Finding]], label: str, value: str, expected: list[str]) -> None:
    found = [f for f in find(value, label) if f.element == "city_state_zip"]
    assert [f.value for f in found] == expected
    assert all(f.flags == ("city-only",) for f in found)


def test_city_normalised_for_matching(detectors: DetectorSet) -> None:
    det = detectors.by_id("city_state_zip")
    assert det.normalize("ST.  LOUIS") == det.normalize("St Louis") == "st louis"
    assert det.normalize("O'Fallon") == "ofallon"
