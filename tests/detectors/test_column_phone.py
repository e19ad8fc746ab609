"""``Phone.check_column``/``normalize_column`` (and the inherited ``fax`` ones) equal
``check_cell``/``normalize`` per value."""

from __future__ import annotations

import random
import re

import phonenumbers
import polars as pl
import pytest

from phiscope.detectors.contact.phone import _NANP_CELL
from phiscope.detectors.registry import DetectorSet
from phiscope.simulate import contact
from phiscope.simulate.places import PLACES
from tests.detectors.column_checks import (
    EDGE_CASES,
    assert_column_equivalent,
    cases,
    fallback_share,
    mutations,
)

_SEPARATORS = ("", " ", "-", ".")


def _random_number(rng: random.Random) -> str:
    """Any NANP-shaped number: any area code and exchange (N11, 555, 0xx/1xx included)."""
    area = rng.choice((f"{rng.randint(200, 999)}", rng.choice(PLACES)[0].area_codes[0], "800", "900",
                       "500", "533", "268", "416", "604", "787", f"{rng.randint(0, 199):03d}"))
    exchange = rng.choice((f"{rng.randint(0, 999):03d}", "555", "211", "911", f"{rng.randint(200, 999)}"))
    return area + exchange + f"{rng.randint(0, 9999):04d}"


def _random_form(rng: random.Random, digits: str) -> str:
    a, e, n = digits[:3], digits[3:6], digits[6:]
    prefix = rng.choice(("", "", "+1", "1", "+1 ", "1-", "1 ", "+1-", "+1.", "+"))
    area = rng.choice((f"({a})", f"({a}) ", a + rng.choice(_SEPARATORS)))
    return prefix + area + e + rng.choice(_SEPARATORS) + n + rng.choice(("", "", "", " x12", " ext. 5"))


def _values(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        place = rng.choice(PLACES)[0]
        out.append(contact.fmt_phone(contact.phone(rng, rng.choice(place.area_codes)),
                                     rng.choice(contact.PHONE_STYLES)))
        out.append(_random_form(rng, _random_number(rng)))
    return out


HAND = [
    "(860) 555-0123", "860-555-0123", "860.555.0123", "8605550123", "+1 860 555 0123", "1-860-555-0123",
    "18605550123", "+18605550123", "(860)555-0123", "860 555 0123", "860-555-0123 x45", "555-0123",
    "+44 20 7946 0958", "020 7946 0958", "+1 (860) 555-0123", "1 (860) 555-0123", "(860) 555 - 0123",
    "860--555-0123", "0860-555-0123", "160-555-0123", "11605550123", "+1 160 555 0123", "999-999-9999",
    " (860) 555-0123 ", "\u00a0860-555-0123", "８６０-５５５-０１２３", "860-555-0123\n", "1+860-555-0123",
]


@pytest.mark.parametrize("det_id", ["phone", "fax"])
def test_phone_column_equals_per_cell(detectors: DetectorSet, det_id: str) -> None:
    rng = random.Random(11)
    gen = _values(rng, 1500)
    det = detectors.by_id(det_id)
    assert_column_equivalent(det, cases(EDGE_CASES, HAND, gen, mutations(gen[:1000], rng)))


def test_us_metadata_rule_equals_phonenumbers_on_a_large_sample(detectors: DetectorSet) -> None:
    """On cells of the NANP forms, the polars rule decides exactly the numbers that
    ``phonenumbers`` (region US) calls valid US numbers, and the E.164 digits agree."""
    rng = random.Random(5)
    cells = [_random_form(rng, _random_number(rng)) for _ in range(8000)]
    det = detectors.by_id("phone")
    frame = det._with_us_valid(pl.LazyFrame({"v": cells}))  # type: ignore[attr-defined]
    fast = frame.collect()["decided"].to_list()
    checked = 0
    for cell, decided in zip(cells, fast, strict=True):
        if not re.fullmatch(_NANP_CELL, cell):
            assert not decided, cell
            continue
        checked += 1
        num = phonenumbers.parse(cell, "US")
        us_valid = phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == "US"
        assert decided == us_valid, cell
        if decided:
            e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            assert e164 == "+1" + re.sub(r"\D", "", cell)[-10:], cell
    assert checked > 3000 and sum(map(bool, fast)) > 2000


def test_usual_forms_are_decided_in_polars(detectors: DetectorSet) -> None:
    rng = random.Random(3)
    cells = [contact.fmt_phone(contact.phone(rng, rng.choice(p.area_codes)), rng.choice(contact.PHONE_STYLES))
             for p, _ in PLACES for _ in range(30)]
    assert fallback_share(detectors.by_id("phone"), cells) == 0
