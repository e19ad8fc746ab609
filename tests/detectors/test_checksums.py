"""Unit tests for the shared check-digit and structure rules."""

from __future__ import annotations

import pytest

from phiscope.detectors.checksums import (
    aba_valid,
    dea_valid,
    luhn_check_digit,
    luhn_valid,
    mbi_valid,
    npi_valid,
    ssn_structure_valid,
)


@pytest.mark.parametrize(("digits", "ok"), [
    ("79927398713", True), ("4111111111111111", True), ("0", False), ("", False),
    ("79927398710", False), ("4111111111111112", False), ("4111-1111", False), ("１２", False),
])
def test_luhn_valid(digits: str, ok: bool) -> None:
    assert luhn_valid(digits) is ok


def test_luhn_check_digit() -> None:
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_check_digit("123456789") == "7"
    with pytest.raises(ValueError):
        luhn_check_digit("12a")


@pytest.mark.parametrize(("npi", "ok"), [
    ("1234567893", True), ("1245319599", True), ("2291417774", True),
    ("1234567890", False),  # wrong check digit
    ("3234567893", False),  # first digit not 1 or 2
    ("123456789", False), ("12345678931", False), ("9999908392", False),  # Synthea's fake NPIs
])
def test_npi_valid(npi: str, ok: bool) -> None:
    assert npi_valid(npi) is ok


@pytest.mark.parametrize(("dea", "ok"), [
    ("AB1234563", True), ("BJ6125341", True), ("XS9876547", True), ("M93141594", True), ("ab1234563", True),
    ("AB1234564", False),  # check digit
    ("IB1234563", False),  # I is not a registrant type
    ("A11234563", False),  # second character must be a letter or 9
    ("AB123456", False), ("AB12345634", False), ("ABC234563", False),
])
def test_dea_valid(dea: str, ok: bool) -> None:
    assert dea_valid(dea) is ok


@pytest.mark.parametrize(("aba", "ok"), [
    ("011000015", True), ("021000021", True), ("011000016", False), ("000000000", False),
    ("01100001", False), ("01100001a", False),
])
def test_aba_valid(aba: str, ok: bool) -> None:
    assert aba_valid(aba) is ok


@pytest.mark.parametrize(("mbi", "ok"), [
    ("1EG4-TE5-MK73", True), ("1EG4TE5MK73", True), ("1eg4te5mk73", True), ("9C99-C99-CC99", True),
    ("0EG4TE5MK73", False),  # first digit 0
    ("1SG4TE5MK73", False),  # S is excluded
    ("1EG4TE5MK7", False), ("1EG4TE5MK733", False),
    ("1EG-4TE5-MK73", False),  # dashes in the wrong places
    ("1E94TE5MK73", True), ("1EGATE5MK73", False),  # position 4 must be a digit
])
def test_mbi_valid(mbi: str, ok: bool) -> None:
    assert mbi_valid(mbi) is ok


@pytest.mark.parametrize(("digits", "ok"), [
    ("123456789", True), ("078051121", True),
    ("000123456", False), ("666123456", False), ("912701234", False),
    ("123004567", False), ("123450000", False), ("12345678", False), ("12345678a", False),
])
def test_ssn_structure_valid(digits: str, ok: bool) -> None:
    assert ssn_structure_valid(digits) is ok
