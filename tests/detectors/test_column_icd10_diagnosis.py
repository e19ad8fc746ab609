"""``icd10_diagnosis`` column overrides equal the per-value methods."""

from __future__ import annotations

import random

from phiscope.detectors.registry import DetectorSet
from tests.detectors.column_checks import (
    EDGE_CASES,
    assert_column_equivalent,
    cases,
    fallback_share,
    mutations,
)

HAND = [
    "E11.9", "E119", "e11.9", "E11.", "E11", "I10", "I10.", "B20", "Z21", "F32.A", "F32A", "E11.9; I10",
    "E11.9,I10", "E11.9 | I10 / J45.909", "E11.9 ,, I10", ";E11.9;", "E11.9 X99", "E11.9; ", "E11..9",
    "E1", "E11.99999", "E11.9999", "A00.0", "U07.1", "Z99.89", "S72.001A", "S72001A", "C50", "c50.911",
    "123", "E11-9", "E11.9\tI10", "E11.9\nI10", "E11.9\u00a0I10", "Ｅ11.9", "E11.9ß", "ﬁ1.1",
]


def _values(rng: random.Random, codes: list[str], n: int) -> list[str]:
    out = []
    for _ in range(n):
        c = rng.choice(codes)
        dotted = c if len(c) <= 3 else f"{c[:3]}.{c[3:]}"
        out += [c, dotted, dotted.lower(), f"{dotted}; {rng.choice(codes)}",
                c[:-1] + rng.choice("0123456789XYZ")]
    return out


def test_icd10_column_equals_per_cell(detectors: DetectorSet) -> None:
    rng = random.Random(31)
    det = detectors.by_id("icd10_diagnosis")
    codes = sorted(det.code_set.codes)  # type: ignore[attr-defined]
    gen = _values(rng, codes, 800)
    assert_column_equivalent(det, cases(EDGE_CASES, HAND, gen, mutations(gen + HAND, rng)))
    assert fallback_share(det, gen) == 0
