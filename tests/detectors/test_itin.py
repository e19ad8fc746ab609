"""Table-driven tests for the itin detector, and its hand-over with ssn."""

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

EL = "itin"

POSITIVE = [
    ("ITIN 912-70-1234", ["912-70-1234"]),
    ("Taxpayer ID: 900-50-0001", ["900-50-0001"]),
    ("Employee 987-88-6543 terminated", ["987-88-6543"]),  # dashed valid ITIN needs no label
    ("ITIN: 912 94 1234", ["912 94 1234"]),
    ("tax id 912921234", ["912921234"]),
    ("SSN/ITIN: 912-70-1234", ["912-70-1234"]),
    ("Taxpayer ID 912.70.1234", ["912.70.1234"]),
    # the ITIN layout decides the element even under an SSN label (SSA never issues 9xx)
    ("SSN: 912-70-1234", ["912-70-1234"]),
    ("Soc Sec #: 951654540", ["951654540"]),
    ("social security number 970 88 6907", ["970 88 6907"]),
]

NEGATIVE = [
    "ITIN: 912-12-1234",  # group 12 is not an ITIN range
    "ITIN: 912-93-1234",  # 93 is outside the ranges
    "ITIN: 912-66-1234",
    "ITIN: 812-70-1234",  # must start with 9
    "ITIN: 912-70-0000",  # serial 0000
    "ITIN 999-99-9999",  # placeholder
    "ref 912941234 shipped",  # bare without a label
    "Order 912 94 1234 shipped",  # spaced without a label
    "Lot 912.94.1234",  # dotted without a label
    "SSN: 999-12-3456",  # 9xx with a non-ITIN group: a test-range SSN
    "SSN: 912-93-1234",
    "Phone 912-555-0123",  # a phone number (3-3-4)
    "Claim 9127012345",  # ten digits
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


@pytest.mark.parametrize(("text", "label", "element"), [
    ("SSN: 999-72-3456", None, "itin"), ("SSN: 999-12-3456", None, "ssn"),
    ("SSN 999723456", None, "itin"), ("999123456", "ssn", "ssn"),
    ("999-72-3456", "ssn", "itin"), ("999723456", "soc sec #", "itin"), ("999-12-3456", "ssn", "ssn"),
])
def test_one_value_one_finding(find: Callable[..., list[Finding]], text: str, label: str | None,
                               element: str) -> None:
    found = [f for f in find(text, label) if f.element in ("ssn", "itin")]
    assert [f.element for f in found] == [element]
    assert found[0].flags == (("test-range",) if element == "ssn" else ())


@pytest.mark.parametrize(("cell", "expected"), [
    ("912-70-1234", "valid"), ("912701234", "valid"), ("912.70.1234", "valid"), ("912 70 1234", "valid"),
    ("912-70-0000", "invalid"), ("999-99-9999", "invalid"),
    # not an ITIN at all (None): a 9xx SSN-range test value or an SSN, left to ``ssn``
    ("912-12-1234", None), ("912-93-1234", None), ("123-45-6789", None),
    ("912-70-123", None), ("912-701234", None), ("N/A", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected


def _classify_and_scan(detectors: DetectorSet, scanner: TextScanner, header: str,
                       cells: list[str]) -> list[tuple[str, str, str | None]]:
    batch = TableBatch("t", [header], pl.DataFrame({header: cells}, schema={header: pl.String}),
                       Location("x.csv"))
    out = FindingColumns("d" * 64, {})
    TableScanner(detectors, scanner).scan("k", batch, out)
    table = out.take_arrow()
    assert table is not None
    return sorted((r["value"], r["element"], r["flags"]) for r in table.to_pylist())


@pytest.mark.parametrize("header", ["SSN", "Soc Sec #", "Social Security Number"])
def test_ssn_column_with_itins(detectors: DetectorSet, scanner: TextScanner, header: str) -> None:
    cells = ["123-45-6780", "912-70-1234", "912701234", "999-12-3456", "234-56-7890", "345-67-8901"]
    assert _classify_and_scan(detectors, scanner, header, cells) == [
        ("123-45-6780", "ssn", None), ("234-56-7890", "ssn", None), ("345-67-8901", "ssn", None),
        ("912-70-1234", "itin", None), ("912701234", "itin", None), ("999-12-3456", "ssn", "test-range")]


def test_ssn_column_mostly_itins(detectors: DetectorSet, scanner: TextScanner) -> None:
    cells = ["912-70-1234", "955-88-1234", "987-94-4321", "999-12-3456", "123-45-6780"]
    assert _classify_and_scan(detectors, scanner, "SSN", cells) == [
        ("123-45-6780", "ssn", None), ("912-70-1234", "itin", None), ("955-88-1234", "itin", None),
        ("987-94-4321", "itin", None), ("999-12-3456", "ssn", "test-range")]
