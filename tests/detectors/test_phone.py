"""Table-driven tests for the phone detector (phonenumbers-validated)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from phiscope.detectors.contact.phone import Phone
from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation

POSITIVE = [
    ("Call (860) 555-0123 today", ["(860) 555-0123"], ["+18605550123"]),
    ("860-555-0123", ["860-555-0123"], ["+18605550123"]),
    ("860.555.0123 ext. 12", ["860.555.0123 ext. 12"], ["+18605550123"]),
    ("cell +1 860 555 0123;", ["+1 860 555 0123"], ["+18605550123"]),
    ("1-800-555-0199", ["1-800-555-0199"], ["+18005550199"]),
    ("Phone 8605550123", ["8605550123"], ["+18605550123"]),
    ("Desk: +1-903-140-4508x769", ["+1-903-140-4508x769"], ["+19031404508"]),
    ("301 944-5032", ["301 944-5032"], ["+13019445032"]),
    ("tel: 860 555 0123", ["860 555 0123"], ["+18605550123"]),
    ("Desk: +41 (0)85 806 98 67", ["+41 (0)85 806 98 67"], ["+41858069867"]),
    ("Mobile: 0496 46 46 70", ["0496 46 46 70"], ["0496464670"]),  # foreign national format
    ("Phone:\n(37) 788-063\n", ["(37) 788-063"], ["37788063"]),
    ("they can be reached at 202 2671093.", ["202 2671093"], ["+12022671093"]),
    # a relative's number the NANP plan does not know (exchange 199): still a phone in a note
    ("ANOTHER SON 648-199-1703 (PRIMARY", ["648-199-1703"], ["6481991703"]),
    # contact phrases as labels: national formats of other countries
    ("They're not answering at 78 651 450", ["78 651 450"], ["78651450"]),
    ("I would like to stop receiving messages to 0688 872 49 99", ["0688 872 49 99"], ["06888724999"]),
    ("no message on my registered 024 971 50 30. Please", ["024 971 50 30"], ["0249715030"]),
    ("you can reach her on 0961-7596216", ["0961-7596216"], ["09617596216"]),
    # the number's kind after it
    ("Box 9168\n416 60 039 office\n", ["416 60 039"], ["41660039"]),
    ("Hungary 34796\n(37) 788-063-Office,", ["(37) 788-063"], ["37788063"]),
    ("555 0199 (home)", ["555 0199"], ["5550199"]),
    # slashes, blanks around the dashes: with a relative or phone word nearby
    ("his wife, Carol Buckley (201/324/1423) confirms", ["201/324/1423"], ["+12013241423"]),
    ("dtr Frances Baker- 212- 476- 8356.", ["212- 476- 8356"], ["+12124768356"]),
    # Spanish labels
    ("Email: lb@example.com Teléfono:981 221 822\n", ["981 221 822"], ["981221822"]),
    ("Barcelona (España). Tel.: + 34 93 693 29 05. Fax", ["+ 34 93 693 29 05"], ["+34936932905"]),
]

NEGATIVE = [
    "SSN 123-45-6789",  # 3-2-4
    "seen 01-02-1980",  # a date
    "ZIP 06103-1234",  # ZIP+4
    "Order 8605550123 shipped",  # bare digits without a phone word
    "Order # 860-555-0123",  # labelled as an order number
    "NPI: 1234567893",  # NPI
    "NPI 1234567893 phone",  # NPI, even with a phone word nearby
    "Invoice 123-456-7890",  # impossible number, no phone word
    "pH 7.35 to 7.45",
    "Phone: 123",  # too short
    "IP 192.168.100.200",
    "ISBN 978-3-16-148410-0",
    "Lot 202 2671093 expired",  # area code and seven digits without a phone word
    "Claim 648-199-1703 paid",  # impossible number, no phone word
    "Patient called at 0800 and again at 0930",  # times after a contact phrase
    "She was called on 12 05 2020 about results",  # a date after a contact phrase
    "Seen 12-05-2020 office visit for cough",  # a date before a phone kind
    "returned to work 2020 11 05 home",  # a date before a phone kind
    "sent messages to 3 patients",  # too short
    "Ratio 201/324/1423 in the table",  # slashes without a phone word
    "Order 212- 476- 8356 shipped",  # loose dashes without a phone word
    "Room 12 office",  # one group of digits before a kind
]


@pytest.mark.parametrize(("text", "expected", "normalized"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  normalized: list[str]) -> None:
    found = [f for f in find(text) if f.detector_id == "phone"]
    assert [f.value for f in found] == expected
    assert [f.normalized for f in found] == normalized


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.value for f in find(text) if f.element == "phone"] == []


def test_validity(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Call (860) 555-0123") if f.element == "phone"]
    assert f.validation is Validation.VALID and f.flags == ()
    [g] = [f for f in find("phone 123-456-7890") if f.element == "phone"]
    assert g.validation is Validation.INDETERMINATE  # possible, not valid: reported only with context


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("(860) 555-0123", "valid"), ("8605550123", "valid"), ("+44 20 7946 0958", "valid"),
     ("860-555-0123 x12", "valid"), ("123-456-7890", "indeterminate"), ("0496 46 46 70", "indeterminate"),
     ("+1 5551 234 5678", "invalid"), ("+1 123", None), ("N/A", None), ("", None), ("12345", None),
     ("john@example.com", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("phone").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("phone", True), ("home phone", True), ("telephone", True), ("tel", True), ("cell", True),
     ("mobile", True), ("ph", True), ("contact number", True), ("fax", False), ("npi", False),
     ("phone1", True), ("phonenumber", True), ("phonetic", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("phone").matches_header(header) is matches


def _nanp_values(seed: int, n: int) -> list[str]:
    """Plain NANP-looking values: every prefix and separator form, any area code and exchange
    (0/1 included), plus every area code of the +1 regions with leading digits."""
    rng = random.Random(seed)
    prefixes = ["", "+1", "+1 ", "+1-", "+1.", "1", "1 ", "1-", "1.", "+", "11 ", " "]
    values = []
    for i in range(n):
        area = f"{rng.randrange(1000):03d}" if i % 4 else rng.choice(_REGION_AREAS)
        exchange = f"{rng.randrange(1000):03d}"
        line = f"{rng.randrange(10000):04d}"
        shaped = rng.choice([f"({area})", f"({area}) ", area, f"{area} ", f"{area}-", f"{area}."])
        values.append(rng.choice(prefixes) + shaped + exchange + rng.choice(["", " ", "-", "."]) + line)
    return values


_REGION_AREAS = ["268", "264", "684", "246", "441", "242", "767", "800", "809", "829", "849", "473", "671",
                 "658", "876", "869", "345", "758", "670", "664", "787", "939", "721", "649", "868", "784",
                 "284", "340", "416", "519", "604", "403", "860", "212", "555", "900", "888", "500"]


def test_nanp_fast_path_agrees_with_phonenumbers(detectors: DetectorSet) -> None:
    phone = detectors.by_id("phone")
    assert isinstance(phone, Phone)
    fast = 0
    for value in _nanp_values(11, 6000):
        got = phone._check_nanp(value)
        if got is not None:
            fast += 1
            assert got == phone.check_with_phonenumbers(value), value
    assert fast > 3000  # the fast path decides most of them
    assert phone._check_nanp("860-555-0123 x12") is None  # extensions go to phonenumbers
    assert phone._check_nanp("(160) 555-0123") is None  # area code starting with 1


def test_digit_runs_fast_path_agrees_with_phonenumbers(detectors: DetectorSet) -> None:
    phone = detectors.by_id("phone")
    assert isinstance(phone, Phone)
    rng = random.Random(12)
    fast = 0
    for _ in range(6000):
        head = rng.choice(["", "", "1", "11", "111", "0", "01", "011", "0011", "2", "00"])
        value = head + "".join(rng.choice("0123456789") for _ in range(rng.randrange(3, 16)))
        got = phone._check_digits(value)
        if got is not None:
            fast += 1
            assert got == phone.check_with_phonenumbers(value), value
    assert fast > 1500
    assert phone._check_digits("01144207946095") is None  # international prefix: phonenumbers decides
