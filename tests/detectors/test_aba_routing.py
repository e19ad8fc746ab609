"""Table-driven tests for the aba_routing detector: positives and mandatory negatives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

E = "aba_routing"

POSITIVE = [
    ("ACH: routing 021000021 account 12345678", ["021000021"]),
    ("Routing #: 011000015", ["011000015"]),
    ("ABA 322275623 (Chase CA)", ["322275623"]),
    ("RTN: 122000661", ["122000661"]),
    ("Please refund to my checking account: routing 260095936, account 5512345678.", ["260095936"]),
    ("bank routing/transit number 0710-0001-3", ["0710-0001-3"]),
    ("Routing 021000021; SSN: 123456780", ["021000021"]),  # the SSN right after is not a routing number
    ("Direct deposit form: 111000614 (routing) / 123456789012 (account)", ["111000614"]),
]

NEGATIVE = [
    "Routing: 021000022",  # checksum fails
    "Routing 131000018",  # checksum valid but prefix 13 never assigned
    "Order 021000021 shipped",  # valid checksum but no routing context
    "SSN: 123456780",  # an SSN that happens to pass the ABA checksum
    "Routing info pending. ZIP 123456780",  # ZIP+4 written bare
    "routing slip: MRN 123456780",  # MRN label before the number
    "routing the call to 555-123-4567",  # a phone number
    "Patient routed to room 12; glucose 105, BP 120/80",  # clinical text
    "Routing 000000000",  # all zeros
    "ABA therapy 3x/week since 2021-03-04",  # applied behavior analysis, a date
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), E) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), E) == []


def test_ssn_with_ssn_context_stays_an_ssn(find: Callable[..., list[Finding]]) -> None:
    findings = find("SSN: 123456780")
    assert values_of(findings, "ssn") == ["123456780"]
    assert values_of(findings, E) == []


def test_normalized_digits(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("routing 0710-0001-3") if f.element == E]
    assert f.normalized == "071000013"


def test_headers(detectors: DetectorSet) -> None:
    det = detectors.by_id(E)
    assert det.matches_header("ach routing")
    assert det.matches_header("routing number")
    assert det.matches_header("aba")
    assert not det.matches_header("aba therapy hours")
    assert not det.matches_header("ssn")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("021000021", "valid"), ("0210-0002-1", "valid"), ("021000022", "invalid"), ("131000018", "invalid"),
     ("12345678", None), ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(E).check_cell(cell)
    assert (result.value if result else None) == expected
