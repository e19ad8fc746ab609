"""Table-driven tests for the middle_initial detector (a column of middle initials)."""

from __future__ import annotations

import polars as pl
import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Validation
from phiscope.people.identity import name_slot
from tests.detectors.column_checks import EDGE_CASES, assert_column_equivalent, cases

POSITIVE = ["K", "k", "K.", " R ", "É", "ñ.", "Ж"]
NEGATIVE = ["", " ", "KR", "K.R.", "Kendall", "1", "_", ".", "K-", "N/A", "K .", "--"]
HEADERS = ["PT_MI", "MI", "Middle Initial", "middle_init", "Patient Middle Initial", "Mid Init", "MNAME",
           "Middle", "Middle Name", "subscriber_mi"]
NOT_HEADERS = ["Min", "Minutes", "Mileage", "Admit", "Name", "First Name", "MIME type", "Midway"]


@pytest.mark.parametrize("value", POSITIVE)
def test_one_letter_is_an_initial(detectors: DetectorSet, value: str) -> None:
    det = detectors.by_id("middle_initial")
    assert det.check_cell(value) is Validation.INDETERMINATE
    if value != "Ж":  # names are folded to ASCII letters (accents dropped)
        assert det.normalize(value) == {"É": "e", "ñ.": "n"}.get(value, value.strip(" .").lower())


@pytest.mark.parametrize("value", NEGATIVE)
def test_anything_else_is_not(detectors: DetectorSet, value: str) -> None:
    det = detectors.by_id("middle_initial")
    assert det.check_cell(value) is None
    assert det.validate(value) is Validation.INVALID


@pytest.mark.parametrize("header", HEADERS)
def test_middle_initial_headers(detectors: DetectorSet, header: str) -> None:
    from phiscope.scan.tables import _labels

    assert any(detectors.by_id("middle_initial").matches_header(label) for label in _labels(header))
    assert name_slot(header) == "middle"  # the identity's middle part


@pytest.mark.parametrize("header", NOT_HEADERS)
def test_other_headers(detectors: DetectorSet, header: str) -> None:
    from phiscope.scan.tables import _labels

    assert not any(detectors.by_id("middle_initial").matches_header(label) for label in _labels(header))


def test_no_text_patterns(find) -> None:  # type: ignore[no-untyped-def]
    """A lone letter in prose is no name."""
    assert not [f for f in find("Patient: DOE, JANE K  MI: K") if f.detector_id == "middle_initial"]


def test_column_equals_per_cell(detectors: DetectorSet) -> None:
    det = detectors.by_id("middle_initial")
    assert_column_equivalent(det, cases(EDGE_CASES, POSITIVE, NEGATIVE, [f"{c}." for c in "ABCxyz"]))


def test_a_middle_name_column_of_letters_is_initials_of_names_names(detectors: DetectorSet) -> None:
    from phiscope.scan.tables import TableScanner

    classifier = TableScanner(detectors, None)  # type: ignore[arg-type]
    letters = pl.Series(["K", "R", "A.", "M"] * 10)
    names = pl.Series(["Kendall", "Rose", "Ann", "Marie"] * 10)
    assert classifier._classify_column("Middle Name", letters).detector.id == "middle_initial"  # type: ignore[union-attr]
    assert classifier._classify_column("Middle Name", names).detector.id == "person_name"  # type: ignore[union-attr]
    assert classifier._classify_column("PT_MI", letters).detector.id == "middle_initial"  # type: ignore[union-attr]
