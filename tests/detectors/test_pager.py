"""Table-driven tests for the pager detector (element phone, flag pager)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation

POSITIVE = [
    ("P: F/U 7/24 \nPager #12345 \nTime Frame:4:30", ["12345"], ["12345"]),
    ("Pager: #32007", ["32007"], ["32007"]),
    ("pgr 4417, call with questions", ["4417"], ["4417"]),
    ("beeper no. 860-555-0123", ["860-555-0123"], ["+18605550123"]),
    ("secondly try pager 830-650-2352 Home", ["830-650-2352"], ["+18306502352"]),
]

NEGATIVE = [
    "Pager #123",  # three digits
    "pager broken, call operator",
    "Pager 12/05/2020",  # a date
    "Room 12345 on the pager floor",  # digits before the label
]


@pytest.mark.parametrize(("text", "expected", "normalized"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  normalized: list[str]) -> None:
    found = [f for f in find(text) if f.element == "phone"]
    assert [f.value for f in found] == expected
    assert [f.normalized for f in found] == normalized
    assert all(f.detector_id == "pager" and f.flags == ("pager",) for f in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.value for f in find(text) if f.element == "phone"] == []


def test_short_extension_is_indeterminate(detectors: DetectorSet) -> None:
    pager = detectors.by_id("pager")
    assert pager.validate("12345") is Validation.INDETERMINATE
    assert detectors.by_id("phone").validate("12345") is Validation.INVALID  # no phone anywhere else


def test_pager_columns_stay_phone(detectors: DetectorSet) -> None:
    assert not detectors.by_id("pager").matches_header("pager")
    assert detectors.by_id("phone").matches_header("pager")
