"""Table-driven tests for the drivers_license detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.identifiers._dl_formats import states_matching
from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

EL = "drivers_license"

POSITIVE = [
    ("Driver's License (CA): A1234567", ["A1234567"]),
    ("my driver's license number is 2270-66-1551", ["2270-66-1551"]),
    ("My driver's license number is F162823540116", ["F162823540116"]),
    ("DL# 12345678 exp 2027", ["12345678"]),
    ("DL: TX 40112233", ["40112233"]),
    ("Drivers Lic. No. S99940903", ["S99940903"]),
    ("operator's license WDLABCD456DG", ["WDLABCD456DG"]),
    ("DLN 000123456", ["000123456"]),
    ("CDL #: D12345678", ["D12345678"]),
    ("ID checked: license no. 9912-3344", ["9912-3344"]),
]

NEGATIVE = [
    "ICD-10 B20 documented; H1 receptor blocker",  # Presidio's known failure: short codes
    "DL: H1",
    "Medical license no. 12345678",  # a professional license
    "RN license #: 44556677",
    "DEA license number AB1234563",
    "driver's license and medical license no. 12345678",  # nearest label is the medical one
    "glucose 100 mg/DL: 12345",  # unit, not a label
    "LDL 130 mg/dL 20230101",  # lower-case dL is a unit
    "duplicate 12345678 charges",  # "lic" inside another word is not a label
    "driver's license revoked in 2019",  # no identifier
    "truck-driving license revoked 12 years ago",
    "License plate 8XYZ432",  # a plate is not a license number
    "Driver's license: 0000000",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


@pytest.mark.parametrize(("text", "validation"), [
    ("Driver's license: A1234567", Validation.VALID),  # CA layout
    ("Driver's license: 12AB3456", Validation.INDETERMINATE),  # no listed state layout
])
def test_state_layouts(find: Callable[..., list[Finding]], text: str, validation: Validation) -> None:
    [f] = [f for f in find(text) if f.element == EL]
    assert f.validation is validation


def test_field_value_under_label(find: Callable[..., list[Finding]]) -> None:
    assert values_of(find("S99940903", "Driver's license number"), EL) == ["S99940903"]
    assert values_of(find("S99940903", "lot"), EL) == []


@pytest.mark.parametrize(("cell", "expected"), [
    ("A1234567", "valid"), ("a123-4567", "valid"), ("12AB3456", "indeterminate"), ("B20", "invalid"),
    ("H1", "invalid"), ("N/A", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "ok"), [
    ("driver's license", True), ("drivers license no", True), ("dl", True), ("dl #", True),
    ("license number", True), ("medical license number", False), ("mg dl", False), ("hdl", False),
    ("drivers", True), ("driver", True), ("drivers count", False), ("truck drivers", False),
])
def test_headers(detectors: DetectorSet, header: str, ok: bool) -> None:
    assert detectors.by_id(EL).matches_header(header) is ok


@pytest.mark.parametrize(("number", "state"), [
    ("A1234567", "CA"), ("12345678", "TX"), ("A123456789012", "FL"), ("A12345678901234", "NJ"),
    ("WDLABCD456DG", "WA"), ("A12345678901", "IL"),
])
def test_state_format_table(number: str, state: str) -> None:
    assert state in states_matching(number)
    assert "CA" not in states_matching("AB123456")
