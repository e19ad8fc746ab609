"""Overlap resolution between candidates of different detectors.

One span of text is one element: when candidates overlap, the more confident
one wins, then the longer one (an e-mail beats the URL-ish domain inside it,
a labelled DOB beats a plain date on the same span).
"""

from __future__ import annotations

from collections.abc import Sequence

from phiscope.model import Candidate, Finding


def resolve_overlaps(scored: Sequence[tuple[Candidate, Finding]]) -> list[Finding]:
    """Greedy non-overlapping selection, returned in text order."""
    order = sorted(
        scored,
        key=lambda cf: (-cf[1].confidence, -(cf[0].end - cf[0].start), cf[0].start, cf[0].detector_id),
    )
    taken: list[tuple[int, int]] = []
    kept: list[tuple[int, Finding]] = []
    for cand, finding in order:
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        taken.append((cand.start, cand.end))
        kept.append((cand.start, finding))
    kept.sort(key=lambda t: t[0])
    return [f for _, f in kept]
