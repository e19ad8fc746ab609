"""The tally's person columns: pairs appended in sorted order."""

from __future__ import annotations

import random
from array import array

from phiscope.eval.columns import extend_sorted


def test_pairs_are_appended_as_sorted_tuples_would_be() -> None:
    rng = random.Random(3)
    for size in (0, 1, 7, 5000):
        pairs = {(rng.randrange(2**31), rng.randrange(50 if size > 1 else 2**31)) for _ in range(size)}
        got: tuple[array[int], array[int]] = (array("i", [5]), array("i", [6]))
        extend_sorted(got, pairs)
        assert list(zip(got[0], got[1], strict=True)) == [(5, 6), *sorted(pairs)]
