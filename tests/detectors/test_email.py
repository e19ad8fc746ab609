"""Table-driven tests for the email detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

POSITIVE = [
    ("Reach me at jane.doe@example.com.", ["jane.doe@example.com"], ["jane.doe@example.com"]),
    ("Mail Jane.Doe+portal@Mail.Hospital.ORG today", ["Jane.Doe+portal@Mail.Hospital.ORG"],
     ["jane.doe+portal@mail.hospital.org"]),
    ("mailto:m_smith@clinic.co.uk", ["m_smith@clinic.co.uk"], ["m_smith@clinic.co.uk"]),
    ("<a.b@sub.dept.health>", ["a.b@sub.dept.health"], ["a.b@sub.dept.health"]),
    ("m.ferndale@zephyrmail.example", ["m.ferndale@zephyrmail.example"], ["m.ferndale@zephyrmail.example"]),
]

NEGATIVE = [
    "logo@2x.png",  # file name
    "icon@3x.svg",
    "user@localhost",  # no dot in the host
    "a..b@example.com trailing",  # consecutive dots
    "@example.com",
    "email me at jane(at)example.com",
    "see x@1.2",
]


@pytest.mark.parametrize(("text", "expected", "normalized"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  normalized: list[str]) -> None:
    found = [f for f in find(text) if f.element == "email"]
    assert [f.value for f in found] == expected
    assert [f.normalized for f in found] == normalized


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "email") == []


@pytest.mark.parametrize(
    ("value", "validation"),
    [("a@b.com", Validation.VALID), ("a@b.de", Validation.VALID), ("a@b.example", Validation.INDETERMINATE),
     ("a@b.unknowntld", Validation.INDETERMINATE), ("a..b@c.com", Validation.INVALID),
     ("x" * 65 + "@c.com", Validation.INVALID)],
)
def test_validate(detectors: DetectorSet, value: str, validation: Validation) -> None:
    assert detectors.by_id("email").validate(value) is validation


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("jane@example.com", "valid"), ("mailto:jane@example.com", "valid"), ("JANE@EXAMPLE.COM ", "valid"),
     ("jane at example", None), ("N/A", None), ("", None), ("jane@example.com; bob@example.com", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("email").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "matches"), [("email", True), ("e mail", True), ("email address", True),
                                                  ("mailing address", False)])
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("email").matches_header(header) is matches
