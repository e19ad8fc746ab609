"""Table-driven tests for the mrn detector: positives and mandatory negatives."""

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
    ("MRN: 00123456", ["00123456"]),
    ("Seen today, MR# A12-3456, follow-up in 2 weeks", ["A12-3456"]),
    ("the paper chart is filed under mrn 2280 pending the EHR merge", ["2280"]),
    ("Medical Record Number (MRN): 12345678", ["12345678"]),
    ("Med Rec No. 7788-1234", ["7788-1234"]),
    ("MEDICAL RECORD #: 445566", ["445566"]),
    ("Patient ID: HX99821", ["HX99821"]),
    ("Pt ID 55501234 / DOB on file", ["55501234"]),
    ("Chart #: 20931", ["20931"]),
    ("MRN:\n  90817263", ["90817263"]),
    ("seen in clinic (chartMRN04857211) with no addendum", ["04857211"]),  # glued export field
    ("Patient MRN00123456 seen today", ["MRN00123456"]),  # prefixed facility style
    ("MRN: MRN00123456", ["MRN00123456"]),
    # Spanish records: número de historia clínica
    ("Apellidos: De Miguel Rivera.\nNHC: 2569870.\n", ["2569870"]),
    ("Nº historia clínica: 4587412", ["4587412"]),
    ("Patient identifier is 7X00421", ["7X00421"]),
    ("MRN: 129c6ac7-8d06-89de-ad63-0204a93e76c3", ["129c6ac7-8d06-89de-ad63-0204a93e76c3"]),  # UUID id
]

NEGATIVE = [
    "Acct# 99881234 billed",  # account numbers are not MRNs
    "consent, operative site, and patient identification were verified 1234",
    "MR#: 0000000",  # placeholder
    "MEDICAL RECORD#: 123",  # too short
    "MRN pending",  # no value
    "Patient ID: 01-02-2020",  # a date
    "MRN: 2020-01-02",  # a date
    "MRI 12345678 of the brain",  # not the label
    "Med rec sheet completed 12345",  # medication reconciliation, no number word
    "Mr. Nolan 12345678 was seen",  # Mr. is a title
    "MRN 1234567890123456",  # over 15 characters
    "ICD-10 B20 and E11.65 documented",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), "mrn") == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "mrn") == []


def test_normalized_and_indeterminate(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("MR# a12-3456") if f.element == "mrn"]
    assert f.normalized == "A123456"
    assert f.validation is Validation.INDETERMINATE


PREFIX_FORMS = ["MRN: MRN00123456", "Patient MRN00123456", "chartMRN00123456", "MRN 00123456"]


@pytest.mark.parametrize("text", PREFIX_FORMS)
def test_mrn_prefix_normalizes_away(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.normalized for f in find(text) if f.element == "mrn"] == ["00123456"]


@pytest.mark.parametrize(("text", "label", "expected"), [
    ("00123456", "MRN", ["00123456"]),
    (" 7788-1234 ", "med_rec_no", ["7788-1234"]),
    ("00123456", "order_id", []),  # no MRN header: a bare number is not an MRN
    ("00123456", None, []),
])
def test_field_value_under_label(find: Callable[..., list[Finding]], text: str, label: str | None,
                                 expected: list[str]) -> None:
    assert values_of(find(text, label), "mrn") == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("00123456", "indeterminate"), ("A12-3456", "indeterminate"), ("2280", "indeterminate"),
    ("0000000", "invalid"), ("12-01-2020", "invalid"), ("123", "invalid"), ("N/A", None), ("", None),
    ("unknown", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("mrn").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "ok"), [
    ("mrn", True), ("pt mrn", True), ("med rec no", True), ("medical record number", True),
    ("patient id", True), ("chart no", True), ("acct no", False), ("record date", False),
])
def test_headers(detectors: DetectorSet, header: str, ok: bool) -> None:
    assert detectors.by_id("mrn").matches_header(header) is ok


def test_table_column_under_mrn_header(detectors: DetectorSet, scanner: TextScanner) -> None:
    data: dict[str, list[str | None]] = {"Med Rec No": ["00123456", "a12-3456", "0000000", None, "N/A"]}
    frame = pl.DataFrame(data, schema={"Med Rec No": pl.String})
    batch = TableBatch("t", list(data), frame, Location("x.csv"))
    out = FindingColumns("a" * 64, {})
    TableScanner(detectors, scanner).scan("a" * 64, batch, out)
    table = out.take_arrow()
    assert table is not None
    rows = [r for r in table.to_pylist() if r["element"] == "mrn"]
    assert [(r["row"], r["normalized"]) for r in rows] == [(1, "00123456"), (2, "A123456")]
