"""Overlap resolution between candidates of different detectors.

One span of text is one element: when candidates overlap, the more confident
one wins, then the longer one (an e-mail beats the URL-ish domain inside it,
a labelled DOB beats a plain date on the same span).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence

from phiscope.model import Candidate, Finding


def resolve_overlaps(scored: Sequence[tuple[Candidate, Finding]]) -> list[Finding]:
    """Greedy non-overlapping selection, returned in text order.

    Kept spans never overlap, so sorted by start they are also sorted by end:
    a new span [s, e) can only collide with the kept span that starts last
    before ``e`` — one bisection per candidate, O(n log n) overall.
    """
    order = sorted(
        scored,
        key=lambda cf: (-cf[1].confidence, -(cf[0].end - cf[0].start), cf[0].start, cf[0].detector_id),
    )
    starts: list[int] = []
    ends: dict[int, int] = {}
    kept: dict[int, Finding] = {}
    for cand, finding in order:
        s, e = cand.start, cand.end
        i = bisect_left(starts, e) - 1
        if i >= 0 and ends[starts[i]] > s:
            continue
        insort(starts, s)
        ends[s] = e
        kept[s] = finding
    return [kept[s] for s in starts]
