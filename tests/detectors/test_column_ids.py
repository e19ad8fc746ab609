"""``email``, ``mrn`` and ``health_plan_member_id`` column overrides equal the per-value methods."""

from __future__ import annotations

import random

import pytest
from faker import Faker

from phiscope.detectors.registry import DetectorSet
from phiscope.simulate import contact, values
from tests.detectors.column_checks import (
    EDGE_CASES,
    assert_column_equivalent,
    cases,
    fallback_share,
    mutations,
)

EMAILS = [
    "jane.doe@gmail.com", "JANE.DOE@GMAIL.COM", "mailto:jane@x.org", "MAILTO:Jane@X.Org",
    "mailto: jane@x.org",
    "jane..doe@x.com", ".jane@x.com", "jane.@x.com", "j@x.c", "j@x.co", "j@x.example", "j@x.test", "j@-x.com",
    "j@x-.com", "j@x..com", "j@@x.com", "j@x.com.", "j@x.c0m", "a" * 64 + "@x.com", "a" * 65 + "@x.com",
    "j@" + "a" * 63 + ".com", "j@" + "a" * 64 + ".com", "j@" + ("a" * 60 + ".") * 4 + "com",
    "j+tag@mail.health",
    "j%x@x.museum", "j@x.abcdefghijklmnopqrstuvwx", "j@x.abcdefghijklmnopqrstuvwxy", "jané@x.com", "j@x.cöm",
    " jane@x.com ", "jane@x.com\n", "jane doe@x.com", "jane@x", "@x.com", "jane@", "mailto:",
]
IDS = [
    "MRN00123456", "MRN 0012 3456", "mrn00123456", "00123456", "E1234567", "1234", "123", "12-34",
    "0000", "AAAA1", "1111111", "01-02-2020", "1-2-20", "2020-01-02", "2020.01.02", "01.02.2020",
    "13-45-2020", "2020-13-02", "32-01-2020", "12345678901234567890", "123456789012345678901",
    "XGH123456789", "XGH 123 456 789", "XGH--123456789", "-XGH123456789", "XGH123456789-",
    "550e8400-e29b-41d4-a716-446655440000", "550E8400-E29B-41D4-A716-446655440000", "550e8400e29b41d4",
    "A1B2", "A 1 B 2 C 3 D 4", "1 2 3 4", "ABCDEFG", "１２３４５", "١٢٣٤٥", "12345é", "MRN", "MRNX1234",
]


def _emails(rng: random.Random, n: int) -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(3)
    return [contact.email(rng, fake.first_name(), fake.last_name(), rng.randint(1930, 2020))
            for _ in range(n)]


def _ids(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        out.append(values.mrn(rng, rng.choice(values.MRN_STYLES)))
        out.append(values.member_id(rng))
        out.append(values.medicaid_id(rng, rng.choice(("NY", "CA", "CT"))))
    return out


def test_email_column_equals_per_cell(detectors: DetectorSet) -> None:
    rng = random.Random(17)
    gen = _emails(rng, 2000)
    det = detectors.by_id("email")
    assert_column_equivalent(det, cases(EDGE_CASES, EMAILS, gen, mutations(gen + EMAILS, rng)))
    assert fallback_share(detectors.by_id("email"), gen) == 0


@pytest.mark.parametrize("det_id", ["mrn", "health_plan_member_id"])
def test_labelled_id_columns_equal_per_cell(detectors: DetectorSet, det_id: str) -> None:
    rng = random.Random(19)
    gen = _ids(rng, 1000)
    det = detectors.by_id(det_id)
    assert_column_equivalent(det, cases(EDGE_CASES, IDS, gen, mutations(gen + IDS, rng, 3)))
    assert fallback_share(detectors.by_id(det_id), gen) == 0
