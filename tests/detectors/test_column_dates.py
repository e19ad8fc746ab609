"""``date``/``dob`` ``check_column``/``normalize_column`` equal ``check_cell``/``normalize`` per value."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.simulate.dates import STYLES, birth_date, fmt_date, service_date
from tests.detectors.column_checks import (
    EDGE_CASES,
    assert_column_equivalent,
    cases,
    fallback_share,
    mutations,
)

HAND = [
    "01/02/1980", "1/2/1980", "13/02/1980", "02/13/1980", "13/13/1980", "02/30/1980", "02/29/1980",
    "02/29/1900", "02/29/2000", "2/29/2100", "1/2/30", "1/2/80", "12/31/99", "1/1/00", "1-2-03",
    "01.02.1980", "01.02.80", "1/2-1980", "1980-01-02", "1980/1/2", "1980.01.02", "1980-01/02",
    "1980-02-30", "1899-12-31", "2101-01-01", "2100-12-31", "1900-01-01", "19800102", "19801302",
    "1980-01-02T10:20", "1980-01-02 10:20:30.123456", "1980-01-02T10:20:30Z", "1980-01-02T10:20+05:00",
    "1980-01-02T10:20:30-0500", "1980-01-02Z", "02-Jan-1980", "2-jan-80", "02-JAN-1980", "31-Feb-1980",
    "02-Janu-1980", "02-Of-1980", "02-Mayo-1980", "January 2, 1980", "january 2, 80", "Sept 30, 2001",
    "Sep 31, 2001", "Jan 2nd, 1980", "2nd of January 1980", "January 1980", "Jan 2", "Jan. 2, 1980",
    "the 3rd of March", "March 3rd", "1980", "01/02/1980.", "01/02/1980,", " 01/02/1980 ", "01/02/1980 .",
    "Tuesday", "Z", "12Z", "0/0/0", "00/00/0000", "1/2/198", "1/2/19800", "2999-01-01", "01/02/2999",
    "1/2/" + str(date.today().year % 100 + 1).zfill(2), "1/2/" + str(date.today().year % 100).zfill(2),
    date.today().isoformat(), (date.today() + timedelta(days=1)).isoformat(),
    date(date.today().year - 120, 1, 1).isoformat(), date(date.today().year - 121, 12, 31).isoformat(),
    "1980-01-02" + "0" * 40, "٠١/٠٢/١٩٨٠", "01／02／1980", "1980-01-02\t", "May 5, 1980", "mar 3, 1999",
]


def _generated(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        anyday = date(1890, 1, 1) + timedelta(days=rng.randrange(80000))
        d = rng.choice((birth_date(rng), service_date(rng), anyday))
        out.append(fmt_date(d, rng.choice(list(STYLES))))
    return out


@pytest.mark.parametrize("det_id", ["date", "dob"])
def test_date_columns_equal_per_cell(detectors: DetectorSet, det_id: str) -> None:
    rng = random.Random(13)
    gen = _generated(rng, 3000)
    values = cases(EDGE_CASES, HAND, gen, mutations(gen + HAND, rng))
    assert_column_equivalent(detectors.by_id(det_id), values)


@pytest.mark.parametrize("det_id", ["date", "dob"])
def test_generated_forms_are_decided_in_polars(detectors: DetectorSet, det_id: str) -> None:
    rng = random.Random(2)
    assert fallback_share(detectors.by_id(det_id), _generated(rng, 2000)) == 0
