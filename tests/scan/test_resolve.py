"""Overlap resolution keeps the best non-overlapping spans."""

from __future__ import annotations

import random

from phiscope.model import Candidate, Finding, Location, Validation
from phiscope.scan.resolve import resolve_overlaps


def _cf(s: int, e: int, conf: float, det: str = "d") -> tuple[Candidate, Finding]:
    f = Finding(det, det, "x", "x", conf, Validation.VALID, Location("p", offset=s))
    return Candidate(det, s, e, "x", conf), f


def _naive(scored: list[tuple[Candidate, Finding]]) -> list[Finding]:
    order = sorted(scored, key=lambda cf: (-cf[1].confidence, -(cf[0].end - cf[0].start), cf[0].start,
                                           cf[0].detector_id))
    taken: list[tuple[int, int, Finding]] = []
    for c, f in order:
        if not any(c.start < e and s < c.end for s, e, _ in taken):
            taken.append((c.start, c.end, f))
    return [f for _, _, f in sorted(taken, key=lambda t: t[0])]


def test_higher_confidence_then_longer_wins() -> None:
    a, b, c = _cf(0, 10, 0.9, "email"), _cf(4, 10, 0.7, "url"), _cf(12, 15, 0.5)
    assert resolve_overlaps([b, c, a]) == [a[1], c[1]]


def test_matches_the_quadratic_definition_on_random_spans() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 40)):
            s = rng.randint(0, 100)
            spans.append(_cf(s, s + rng.randint(1, 15), rng.choice([0.5, 0.6, 0.7, 0.9])))
        assert resolve_overlaps(spans) == _naive(spans)
