"""The decisions a resolution keeps (``cluster.explaining``), held as columns.

A million-patient case keeps tens of millions of pairs' decisions (each merge of a person's spanning
tree, the review queue, the conflicts) from the clustering until their ``person_links`` rows are
written. As ``cluster.Decision`` tuples they took about a hundred bytes each; here a decision is an
index, a band and a conflict (references to a few shared strings) and a flag: 25 bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from phiscope.people.cluster import Decision


class Worth:
    """Decisions (pair index, band, conflict, merged) added a batch at a time (``extend``); iterated
    in the order added, or a slice at a time in the order of their pair indices (``in_order``)."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._strings: dict[str | None, str | None] = {}  # one object per distinct band or conflict

    def extend(self, decisions: Sequence[Decision]) -> None:
        """More decisions."""
        if not decisions:
            return
        shared = self._strings
        index = np.fromiter((d[0] for d in decisions), np.int64, len(decisions))
        band = np.array([shared.setdefault(d[1], d[1]) for d in decisions], object)
        why = np.array([shared.setdefault(d[2], d[2]) for d in decisions], object)
        merged = np.fromiter((bool(d[3]) for d in decisions), bool, len(decisions))
        self._parts.append((index, band, why, merged))

    def __len__(self) -> int:
        return sum(len(p[0]) for p in self._parts)

    def __iter__(self) -> Iterator[Decision]:
        for index, band, why, merged in self._parts:
            yield from zip(index.tolist(), band.tolist(), why.tolist(), merged.tolist(), strict=True)

    def in_order(self, size: int) -> Iterator[list[Decision]]:
        """All decisions, ``size`` at a time, in the order of their pair indices."""
        if not self._parts:
            return
        index, band, why, merged = (np.concatenate([p[k] for p in self._parts]) for k in range(4))
        order = np.argsort(index, kind="stable")
        for start in range(0, len(order), size):
            at = order[start:start + size]
            yield list(zip(index[at].tolist(), band[at].tolist(), why[at].tolist(), merged[at].tolist(),
                           strict=True))
