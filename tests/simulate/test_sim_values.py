"""Identifier generators: every draw passes the real rule (checked independently)."""

from __future__ import annotations

import random
import re

import pytest

from phiscope.simulate import checksums, contact, values
from phiscope.simulate.dates import STYLES, fmt_date
from phiscope.simulate.population import make_population
from tests.simulate.sim_checks import (
    aba_ok,
    card_ok,
    dea_ok,
    hicn_ok,
    itin_ok,
    luhn,
    mbi_ok,
    npi_ok,
    phone_ok,
    ssn_ok,
)

DRAWS = 400


def _rng(tag: str) -> random.Random:
    return random.Random(f"test:{tag}")


@pytest.mark.parametrize(
    ("number", "ok"),
    [("4111111111111111", True), ("4111111111111112", False), ("79927398713", True), ("0", False)],
)
def test_luhn_ok(number: str, ok: bool) -> None:
    assert checksums.luhn_ok(number) is ok


def test_published_check_digits() -> None:
    assert checksums.npi_check_digit("123456789") == "3"  # CMS example NPI 1234567893
    assert checksums.aba_check_digit("01100001") == "5"  # 011000015, Federal Reserve Bank of Boston
    assert checksums.dea_check_digit("123456") == "3"  # AB1234563
    assert checksums.luhn_check_digit("7992739871") == "3"


@pytest.mark.parametrize(
    ("gen", "check"),
    [
        (values.ssn, ssn_ok),
        (values.itin, itin_ok),
        (values.npi, npi_ok),
        (values.mbi, mbi_ok),
        (lambda r: values.dashed_mbi(values.mbi(r)), mbi_ok),
        (values.aba_routing, aba_ok),
        (lambda r: values.hicn(r, values.ssn(r)), hicn_ok),
        (lambda r: values.dea(r, "O'Neil"), dea_ok),
        (lambda r: values.dea(r, "Peña", midlevel=True), dea_ok),
    ],
)
def test_generated_values_pass(gen: object, check: object) -> None:
    rng = _rng(str(gen))
    for _ in range(DRAWS):
        value = gen(rng)  # type: ignore[operator]
        assert check(value), value  # type: ignore[operator]


def test_ssn_dashed_and_never_reserved() -> None:
    rng = _rng("ssn")
    areas = set()
    for _ in range(DRAWS):
        value = values.ssn(rng)
        assert re.fullmatch(r"\d{3}-\d{2}-\d{4}", value)
        areas.add(value[:3])
    assert not areas & {"000", "666"} and all(a < "900" for a in areas)


@pytest.mark.parametrize(("brand", "pattern", "length"), [
    ("visa", r"4", 16), ("mastercard", r"5[1-5]|2[2-7]", 16), ("amex", r"3[47]", 15),
    ("discover", r"6011|65", 16),
])
def test_payment_cards(brand: str, pattern: str, length: int) -> None:
    rng = _rng(brand)
    for _ in range(DRAWS):
        number = values.payment_card(rng, brand)
        assert len(number) == length and re.match(pattern, number) and luhn(number)
        assert card_ok(values.format_card(number, " ")) and card_ok(values.format_card(number, "-"))


def test_card_grouping() -> None:
    assert values.format_card("378282246310005", " ") == "3782 822463 10005"
    assert values.format_card("4111111111111111", "-") == "4111-1111-1111-1111"


def test_dea_second_letter_is_surname_initial() -> None:
    rng = _rng("dea")
    assert values.dea(rng, "Smith")[1] == "S"
    assert values.dea(rng, "Ávila")[1] == "A"
    assert values.dea(rng, "Kim", midlevel=True)[0] == "M"
    pop = make_population(30, 5)
    for dr in pop.providers:
        if dr.dea:
            assert dea_ok(dr.dea) and dr.dea[1] == dr.last[0].upper()


@pytest.mark.parametrize(("state", "pattern"), [
    ("CA", r"[A-Z]\d{7}"), ("NY", r"\d{9}"), ("TX", r"\d{8}"), ("FL", r"[A-Z]\d{12}"), ("CT", r"\d{9}"),
    ("MA", r"S\d{8}"), ("NJ", r"[A-Z]\d{14}"), ("PA", r"\d{8}"), ("ZZ", r"\d{9}"),
])
def test_drivers_license_formats(state: str, pattern: str) -> None:
    rng = _rng(state)
    for _ in range(50):
        st, number = values.drivers_license(rng, state)
        assert re.fullmatch(pattern, number) and st == (state if state != "ZZ" else "CT")


def test_other_identifier_shapes() -> None:
    rng = _rng("misc")
    for _ in range(DRAWS):
        assert re.fullmatch(r"[1-9]\d{8}|[A-Z]\d{8}", values.passport(rng))
        assert re.fullmatch(r"[A-Z]{3}\d{9}", values.member_id(rng))
        assert re.fullmatch(r"[1-9]\d{7,11}", values.bank_account(rng))
        assert re.fullmatch(r"MRN\d{8}", values.mrn(rng, "prefixed"))
        assert re.fullmatch(r"[1-9]\d{7}", values.mrn(rng, "numeric8"))
        assert re.fullmatch(r"E\d{7}", values.mrn(rng, "epic"))
        assert re.fullmatch(r"[A-Z]{2}\d{5}[A-Z]", values.medicaid_id(rng, "NY"))
        assert re.fullmatch(r"9\d{7}[A-Z]", values.medicaid_id(rng, "CA"))
        assert re.fullmatch(r"CT\d{9}", values.medicaid_id(rng, "CT"))
    with pytest.raises(ValueError):
        values.mrn(rng, "nope")


def test_phones_are_valid_us_numbers_in_every_style() -> None:
    rng = _rng("phone")
    for area in ("860", "203", "213", "415", "207"):
        for _ in range(60):
            digits = contact.phone(rng, area)
            exchange = digits[3:6]
            assert digits.startswith(area) and exchange[0] in "23456789"
            assert exchange != "555" and exchange[1:] != "11"
            for style in contact.PHONE_STYLES:
                assert phone_ok(contact.fmt_phone(digits, style))
    assert contact.fmt_phone("8602471234", "paren") == "(860) 247-1234"
    assert contact.fmt_phone("8602471234", "intl") == "+1 860 247 1234"


def test_emails_usernames_and_ips() -> None:
    rng = _rng("contact")
    for _ in range(DRAWS):
        assert re.fullmatch(r"[a-z0-9._]+@[a-z0-9.]+", contact.email(rng, "Zoë", "Núñez", 1980))
        assert re.fullmatch(r"[a-z0-9.]+", contact.username(rng, "José", "O'Brien", 1955))
        assert " " not in contact.password(rng)
        first = int(contact.ipv4(rng).split(".")[0])
        assert first not in (10, 127, 169, 172, 192)
    assert contact.work_email("Karen", "O'Neil-Lopez", "x.org") == "koneillopez@x.org"


def test_date_styles() -> None:
    from datetime import date

    d = date(1980, 1, 2)
    assert {s: fmt_date(d, s) for s in STYLES} == STYLES
    with pytest.raises(ValueError):
        fmt_date(d, "nope")
