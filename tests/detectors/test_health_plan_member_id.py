"""Table-driven tests for the health_plan_member_id detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

EL = "health_plan_member_id"

POSITIVE = [
    ("NHC: 745649.\nNASS: 27 2226350 05.\nDomicilio:", ["27 2226350 05"]),  # Spain's affiliation number
    ("Member ID: XYZ123456789", ["XYZ123456789"]),
    ("the health plan member ID is HPX-77-40921 and", ["HPX-77-40921"]),
    ("Subscriber #: 884201957", ["884201957"]),
    ("Policy No. W1234 56789 on card", []),  # spaced groups are not one token: not reported
    ("Policy Number W123456789", ["W123456789"]),
    ("Insurance ID 00AB77123401", ["00AB77123401"]),
    ("Group/Member #: 2231009912", ["2231009912"]),
    ("mbr id=UHC90011234", ["UHC90011234"]),
]

NEGATIVE = [
    "Member ID card reviewed with patient",  # no value
    "Policy # pending from employer",
    "Member ID: 12345",  # under 6 characters
    "Subscriber ID: 111111111",  # repeated digit
    "policy holder 20201231 is the spouse",  # "policy" without an id word
    "Medicaid ID: 123456789",  # Medicaid wins its own label
    "Insurance: Blue Cross PPO 2019",  # plan name, not an id label
    "insurance identification 1234567 verified",  # "identification" is not "id"
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), EL) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), EL) == []


def test_normalized(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Member ID: hpx-77-40921") if f.element == EL]
    assert f.normalized == "HPX7740921"


def test_field_value_under_label(find: Callable[..., list[Finding]]) -> None:
    assert values_of(find("XYZ123456789", "subscriber_id"), EL) == ["XYZ123456789"]
    assert values_of(find("XYZ123456789", "description"), EL) == []


@pytest.mark.parametrize(("cell", "expected"), [
    ("XYZ123456789", "indeterminate"), ("884-20-1957", "indeterminate"), ("W1234", "invalid"),
    ("000000000", "invalid"), ("Blue Cross", None), ("", None),
])
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(EL).check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "ok"), [
    ("member id", True), ("subscriber id", True), ("subscriber", True), ("policy #", True),
    ("insurance id", True), ("subscriber name", False), ("subscriber phone", False), ("policy date", False),
    ("memberid", True), ("subscriberno", True), ("memberidtype", False), ("membership", False),
])
def test_headers(detectors: DetectorSet, header: str, ok: bool) -> None:
    assert detectors.by_id(EL).matches_header(header) is ok
