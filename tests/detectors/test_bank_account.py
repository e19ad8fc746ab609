"""Table-driven tests for the bank_account detector: positives and mandatory negatives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

E = "bank_account"

POSITIVE = [
    ("ACH: routing 021000021 account 12345678", ["12345678"]),
    ("Please refund to my checking account: routing 021000021, account 5512345678.", ["5512345678"]),
    ("Bank account #: 000123456789", ["000123456789"]),
    ("Checking acct no. 4455667788", ["4455667788"]),
    ("Savings account number 12-3456-78", ["12-3456-78"]),
    ("Direct deposit to acct 998877665544", ["998877665544"]),
    ("DDA #: 30012345", ["30012345"]),
    ("Wire to bank: Account Number: 12345678901234567", ["12345678901234567"]),
    ("IBAN DE89 3704 0044 0532 0130 00 today", ["DE89 3704 0044 0532 0130 00"]),
    ("pay GB29NWBK60161331926819 by Friday", ["GB29NWBK60161331926819"]),
    ("BE68 5390 0754 7034 2023", ["BE68 5390 0754 7034"]),  # the year after it is not swallowed
]

NEGATIVE = [
    "Account #: 12345678",  # a bare account label with no banking word: usually the hospital's
    "Patient Acct #: 12345678 (bank statement attached)",  # patient account, even near "bank"
    "Guarantor account 55667788 billed to bank on file",
    "MRN: 12345678  Acct: 87654321",  # hospital identifiers
    "Bank account: XXXX1234",  # masked
    "Bank account: ****1234",
    "Checking account 123",  # too short
    "Bank account 123456789012345678",  # 18 digits: too long
    "Bank account 2023-01-15",  # a date
    "Savings: 2000",  # an amount, no account label
    "bank account phone 555-123-4567",  # a phone number, not after the label
    "took into account 2 prior falls; BP 120/80, HR 72",  # clinical prose
    "IBAN DE89 3704 0044 0532 0130 01",  # mod-97 fails
    "DE89 3704 0044 0532 0130",  # wrong length for Germany
    "Order 021000021 and 12345678 shipped",  # no labels
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), E) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), E) == []


def test_iban_is_valid_and_compact(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("IBAN: GB29 NWBK 6016 1331 9268 19") if f.element == E]
    assert f.validation is Validation.VALID
    assert f.normalized == "GB29NWBK60161331926819"


def test_account_is_indeterminate_digits(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Savings account number 12-3456-78") if f.element == E]
    assert f.validation is Validation.INDETERMINATE
    assert f.normalized == "12345678"


@pytest.mark.parametrize(
    ("header", "expected"),
    [("account number", True), ("acct no", True), ("bank acct", True), ("ach account", True),
     ("iban", True), ("checking", True), ("patient account number", False), ("pt acct no", False),
     ("guarantor account", False), ("hospital account number", False), ("account", False)],
)
def test_headers(detectors: DetectorSet, header: str, expected: bool) -> None:
    assert detectors.by_id(E).matches_header(header) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("12345678", "indeterminate"), ("0012-345678-9", "indeterminate"), ("DE89370400440532013000", "valid"),
     ("de89 3704 0044 0532 0130 00", "valid"), ("DE89370400440532013001", "invalid"), ("123", None),
     ("1111", "invalid"), ("XXXX1234", None), ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(E).check_cell(cell)
    assert (result.value if result else None) == expected
