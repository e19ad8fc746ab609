"""The columns a ``Tally`` keeps between buckets: sorted integer pairs and distinct flagged values."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

import numpy as np
import polars as pl

#: distinct-value rows gathered before they are folded into one frame
COMPACT = 2_000_000


def extend_sorted(columns: tuple[array[int], array[int]], pairs: set[tuple[int, int]]) -> None:
    """Append ``sorted(pairs)`` (two non-negative 32-bit numbers each) to two integer columns, sorted
    as one 64-bit key in numpy (a bucket's half a million pairs: no Python sort of tuples)."""
    if not pairs:
        return
    both = np.fromiter((x for pair in pairs for x in pair), np.int64, 2 * len(pairs)).reshape(-1, 2)
    keys = np.sort((both[:, 0] << 32) | both[:, 1])
    columns[0].frombytes((keys >> 32).astype(np.int32).tobytes())
    columns[1].frombytes((keys & 0xFFFFFFFF).astype(np.int32).tobytes())


class Distinct:
    """Distinct (element, value) pairs with a flag (True if any occurrence of the pair had it), as a
    polars frame folded every ``COMPACT`` rows."""

    def __init__(self) -> None:
        self._frame = pl.DataFrame(schema={"element": pl.String, "value": pl.String, "flag": pl.Boolean})
        self._pending: list[pl.DataFrame] = []
        self._held = 0

    def add(self, vals: Mapping[tuple[str, str], bool]) -> None:
        if not vals:
            return
        self._pending.append(pl.DataFrame({"element": [k[0] for k in vals], "value": [k[1] for k in vals],
                                           "flag": list(vals.values())},
                                          schema={"element": pl.String, "value": pl.String,
                                                  "flag": pl.Boolean}))
        self._held += len(vals)
        if self._held >= COMPACT:
            self._fold()

    def _fold(self) -> None:
        self._frame = (pl.concat([self._frame, *self._pending])
                       .group_by("element", "value").agg(pl.col("flag").any()))
        self._pending, self._held = [], 0

    def counts(self) -> Iterable[tuple[str, int, int]]:
        """(element, distinct values, of which flagged) per element."""
        self._fold()
        per = self._frame.group_by("element").agg(pl.len().alias("n"), pl.col("flag").sum().alias("hit"))
        return [(str(e), int(n), int(h)) for e, n, h in per.iter_rows()]

    def merge(self, other: Distinct) -> None:
        """Add another one's pairs (a tally of other buckets: ``Tally.merge``)."""
        self._pending.extend([other._frame, *other._pending])
        self._held += other._frame.height + other._held
        if self._held >= COMPACT:
            self._fold()


def column(values: array[int]) -> np.ndarray:
    """An ``array("i")`` as an int64 numpy array."""
    return np.frombuffer(values, np.int32).astype(np.int64) if len(values) else np.empty(0, np.int64)
