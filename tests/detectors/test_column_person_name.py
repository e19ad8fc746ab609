"""``person_name`` (and the inherited ``provider_name``) column overrides equal the per-value methods."""

from __future__ import annotations

import random

import pytest
from faker import Faker

from phiscope.detectors.registry import DetectorSet
from phiscope.simulate.population import ACCENTED_FIRST, ACCENTED_LAST
from tests.detectors.column_checks import (
    EDGE_CASES,
    assert_column_equivalent,
    cases,
    fallback_share,
    mutations,
)

HAND = [
    "Jane Doe", "DOE, JANE", "Doe, Jane Q.", "Doe Jr., Jane", "Doe, Jr.", "Doe, Jr", "Doe, Jane, Jr",
    "Smith, Jr, III", "Dr. Jane Doe", "Mrs Dr Jane", "Dr", "Mr.", "Ms. Jane", "Jane Doe-Smith", "O'Brien",
    "Mc'Donald,", ",Jane", "Jane,,Doe", "Jane , Doe", "J. D.", "J D", "J", "Jo", "Jane Anne Mary Doe",
    "Jane Anne Mary Doe Smith", "N/A", "na", "NA.", "Unknown", " unknown ", "..", "J..", "Jane  Doe",
    "Jane - Doe", "- Jane", "'Jane", "Jane'", "J'", "Test", "Patient", "see above", "See Above.",
    "Jane3", "Jane_Doe", "Jane\tDoe", "Jane\u00a0Doe", "a" * 61, "A" + "b" * 59, "sir, madam", "doe, sir",
    "Doctor Who", "prof, jane", "ii, jane", "jane, ii iii", "jane, ii, x", "-", "jane-", "Jane -",
    "Smith Jr Sr, John", "Jr Smith, John", "Smith-jr, John", "smith jr-x, john", "Smith III Jr, Dr. John",
    "Iii, Ii", "Dr. Mrs. Ms., Doe", "Smith,   ,John", "Smith, , Jr", "Mr Mrs", "mrs. mr. dr-who",
    "J. . D", "A . . B", "a.b", "A. . . .", "Jo .", "J.J.", "J-", "A -b", "a'b", "J D E F G", "J, D, E, F",
    "J,,D", "J D E F", "Jo.. Do..", "J.' D.-", "Ab . . . . . .", "A B C D .", "A B C D E.", "A'- B",
]


def _values(rng: random.Random, n: int) -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(5)
    out = []
    for _ in range(n):
        first, last = fake.first_name(), fake.last_name()
        mi = rng.choice("ABCDEFGHJKLMNPRSTW")
        out += [first, last, f"{last}, {first}", f"{first} {mi}. {last}",
                f"{last.upper()}, {first.upper()} {mi}", f"{rng.choice(('Dr.', 'Mrs.'))} {first} {last}",
                f"{last} Jr., {first}"]
    return out


@pytest.mark.parametrize("det_id", ["person_name", "provider_name"])
def test_person_name_column_equals_per_cell(detectors: DetectorSet, det_id: str) -> None:
    rng = random.Random(29)
    gen = _values(rng, 400)
    accented = [f"{f} {la}" for f in ACCENTED_FIRST["F"] + ACCENTED_FIRST["M"] for la in ACCENTED_LAST]
    det = detectors.by_id(det_id)
    assert_column_equivalent(det, cases(EDGE_CASES, HAND, accented, gen, mutations(gen + HAND, rng)))
    assert fallback_share(det, gen) == 0
