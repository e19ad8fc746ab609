"""Clustering a batch of connected components at a time.

Every step after Splink — the constrained clustering (``cluster``), the ambiguous mentions held apart
(``ambiguity``), poor mentions joining their sole candidate (``sole``), the pairs worth keeping
(``cluster.explaining``) — looks at two mentions only through a pair between them or a chain of
pairs. So the mentions fall apart into the connected components of all pairs (Splink's, the rules',
a reviewer's must-links), and each component is decided on its own exactly as among all the others:
``decide`` runs those steps on batches of whole components (at most about ``BATCH`` mentions each,
pairs in their global order) and puts the results together. A mention in no pair is a person of its
own. The working memory of the steps is then that of one batch, not of the case; the batches are
also the unit a later step can spread over processes or load from the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.ambiguity import cluster_unambiguous, personless
from phiscope.people.cluster import Decision, Reviewed, Thresholds, explaining
from phiscope.people.pool import in_order
from phiscope.people.rowtable import RowTable, row_dicts
from phiscope.people.sole import is_poor, sole_candidates
from phiscope.people.worth import Worth
from phiscope.stopwatch import cyclic_gc_paused

#: mentions in one batch of components (a larger component is a batch of its own); small batches
#: are faster as well (on a 10,000-patient case: 4.8 s at 3,000, 6.4 s at 50,000)
BATCH = 5_000


@dataclass
class Decisions:
    """What the steps decided over all batches: the clusters (root -> member ids), the decisions that
    explain them (``explaining``, global pair indices), counts over every decision, and the held
    (ambiguous) and unattributed mentions."""

    clusters: dict[str, list[str]] = field(default_factory=dict)
    worth: Worth = field(default_factory=Worth)
    pairs: int = 0
    bands: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    held: set[str] = field(default_factory=set)
    unattributed: set[str] = field(default_factory=set)
    batches: int = 0
    worker_peak_mib: int = 0  # the largest worker process's peak resident memory (0: none ran)


def decide(rows: Mapping[str, Mapping[str, Any]], left: Sequence[str], right: Sequence[str],
           probability: Sequence[float], t: Thresholds, rules: Reviewed, batch: int = BATCH,
           workers: int = 1) -> Decisions:
    """The clustering steps over ``rows`` (mention id -> linkage row) and the pairs given as columns
    of ids; decision indices ``len(left) + k`` stand for ``rules.must[k]`` (``decide_at``)."""
    table = rows if isinstance(rows, RowTable) else RowTable.from_rows(rows)
    a, b = ends_of(table.ids, [left, [x for x, _ in rules.must]], [right, [y for _, y in rules.must]])
    return decide_at(table, a, b, np.asarray(probability, np.float64), len(left), t, rules, batch, workers)


def decide_at(table: RowTable, a: np.ndarray, b: np.ndarray, probability: np.ndarray, n: int, t: Thresholds,
              rules: Reviewed, batch: int = BATCH, workers: int = 1,
              several: np.ndarray | None = None) -> Decisions:
    """The clustering steps over the linkage rows of ``table`` and pairs given by their mentions'
    row numbers: pair ``i`` joins rows ``a[i]`` and ``b[i]`` with
    ``probability[i]`` for ``i < n``, and from ``n`` on ``a``/``b`` hold ``rules.must`` (decision
    indices ``n + k`` stand for ``rules.must[k]``, as in ``cluster.cluster_pairs``). With ``workers``
    > 1 and at least ``PARALLEL_MIN`` mentions in pairs, the batches are decided in that many
    processes (results taken in batch order: the same). ``several``: rows of mentions whose
    same-name pairs were set aside (``name_split``; ``sole_candidates``' ``several``)."""
    if len(a) and min(int(a.min()), int(b.min())) < 0:
        raise ValueError("a pair names a mention the rows do not hold")
    out = Decisions()
    parts, alone = _positions(len(table), a, b, n, batch)
    cannot = _cannot_by_batch(parts, rules.cannot, len(table), table.positions)
    marks = None if several is None or not len(several) else np.asarray(several, np.int64)
    marked_row = np.zeros(len(table) if marks is not None else 0, bool)  # a lookup: a part's in O(part)
    if marks is not None:
        marked_row[marks] = True

    def tasks() -> Iterator[_Task]:
        held: list[tuple[np.ndarray, _Batch]] = []
        size = 0
        for (members, idx, must), sub_cannot in zip(parts, cannot, strict=True):
            at = np.asarray(idx, np.int64)  # members are in row order: a pair's ends found by bisection
            ends = np.searchsorted(members, a[at]), np.searchsorted(members, b[at])
            sub_rules = Reviewed(tuple(rules.must[k] for k in must.tolist()), tuple(sub_cannot))
            marked = np.flatnonzero(marked_row[members]) if marks is not None else _NONE
            held.append((members, (len(members), *ends, probability[at], sub_rules, marked)))
            size += len(members)
            if size >= TASK:
                yield _task(table, held, t)
                held, size = [], 0
        if held:
            yield _task(table, held, t)

    paired = sum(len(p[0]) for p in parts)
    peaks: list[int] = []

    def each() -> Iterator[_Result]:
        for results, peak in in_order(_decide_many, tasks(), workers if paired >= PARALLEL_MIN else 1):
            peaks.append(peak)
            yield from results

    for (_, idx, must), result in zip(parts, each(), strict=True):
        clusters, worth, pairs, bands, conflicts, held, unattributed = result
        sub_n = len(idx)
        ix, mx = idx.tolist(), must.tolist()
        out.worth.extend([(ix[i] if i < sub_n else n + mx[i - sub_n], b, why, merged)
                          for i, b, why, merged in worth])
        out.pairs += pairs
        out.bands.update(bands)
        out.conflicts += conflicts
        out.clusters.update(clusters)
        out.held |= held
        out.unattributed |= unattributed
        out.batches += 1
    for m in table.ids.take(pa.array(alone, pa.int64())).to_pylist():
        out.clusters[m] = [m]
    if marks is not None:  # a poor mention alone whose namesakes are two people: a poor group of its own
        lone = np.asarray(alone, np.int64)
        lone = lone[marked_row[lone]]
        out.unattributed |= {m for m, row in table.subset(lone.tolist()).items() if is_poor(row)}
    out.worker_peak_mib = max(peaks, default=0) // 1024
    return out


#: mentions per task handed to a process; mentions in pairs below which one process decides them all
TASK = 50_000
PARALLEL_MIN = 100_000
#: one batch of a task: its mentions' count, its pairs' ends (positions among its mentions), their
#: probabilities, the reviewer rules, its mentions whose same-name pairs were set aside (positions)
_Batch = tuple[int, np.ndarray, np.ndarray, np.ndarray, Reviewed, np.ndarray]
#: batches to decide in one process: their linkage rows (Arrow, one batch after the other), the
#: batches, the thresholds. As Arrow and integer arrays: the rows become Python objects in the worker
_Task = tuple[pa.Table, list[_Batch], Thresholds]
#: what deciding it gave: clusters, worth (batch indices), pairs, bands, conflicts, held, unattributed
_Result = tuple[dict[str, list[str]], list[Decision], int, Counter[str], int, set[str], set[str]]
_NONE = np.zeros(0, np.int64)


def _task(table: RowTable, held: Sequence[tuple[np.ndarray, _Batch]], t: Thresholds) -> _Task:
    """The task of the batches ``held`` (each with its mentions' row numbers)."""
    rows = table.table.take(pa.array(np.concatenate([m for m, _ in held]), pa.int64()))
    return rows, [batch for _, batch in held], t


def _decide_many(task: _Task) -> list[_Result]:
    rows, batches, t = task
    out: list[_Result] = []
    start = 0
    with cyclic_gc_paused():
        for size, left, right, probability, rules, marked in batches:
            sub = row_dicts(rows.slice(start, size))
            start += size
            ids = list(sub)
            out.append(_decide_one(sub, [ids[i] for i in left.tolist()], [ids[i] for i in right.tolist()],
                                   probability.tolist(), rules, t, {ids[i] for i in marked.tolist()}))
    return out


def _decide_one(rows: Mapping[str, Mapping[str, Any]], left: list[str], right: list[str],
                probability: list[float], rules: Reviewed, t: Thresholds, several: set[str]) -> _Result:
    """The clustering steps on one batch (decision indices: its pairs, then its must-links)."""
    clusters, decisions, held = cluster_unambiguous(rows, left, right, probability, t, rules)
    clusters, decisions, unattributed = sole_candidates(rows, left, right, decisions, clusters, rules, held,
                                                        several)
    unattributed |= personless(held, left, right, decisions, clusters)
    ids_l, ids_r = left + [a for a, _ in rules.must], right + [b for _, b in rules.must]
    worth = explaining(decisions, ids_l, ids_r, clusters)
    conflicts = sum(1 for d in decisions if d[2])
    return clusters, worth, len(decisions), Counter(d[1] for d in decisions), conflicts, held, unattributed


Batch = tuple[list[str], list[int], list[int]]


Pair = tuple[str, str]


def _cannot_by_batch(parts: Sequence[_Part], cannot: Sequence[Pair], n: int,
                     positions: Callable[[Sequence[str]], np.ndarray]) -> list[list[Pair]]:
    """The cannot-link pairs of each batch (in their order), those with both mentions in it: a pair
    across components constrains nothing, no chain of pairs can join its two mentions
    (``positions``: the mentions' row numbers, -1 for none)."""
    out: list[list[Pair]] = [[] for _ in parts]
    if not cannot:
        return out
    slot = np.full(n + 1, -1, np.int64)  # row number -> batch (the last slot: no such mention)
    for k, (members, _, _) in enumerate(parts):
        slot[members] = k
    at_a = slot[positions([a for a, _ in cannot])]
    at_b = slot[positions([b for _, b in cannot])]
    for (a, b), ka, kb in zip(cannot, at_a.tolist(), at_b.tolist(), strict=True):
        if ka >= 0 and ka == kb:
            out[ka].append((a, b))
    return out


def ends_of(ids: Sequence[str] | pa.Array | pa.ChunkedArray, left: Sequence[Any], right: Sequence[Any],
            ) -> tuple[np.ndarray, np.ndarray]:
    """The positions in ``ids`` of the mentions of pairs given as parts (Arrow string columns or
    lists of ids), left sides and right sides, one part after the other; looked up by Arrow, not a
    dict per pair (millions of pairs)."""
    id_set = (ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids if isinstance(ids, pa.Array)
              else pa.array(ids, pa.string()))

    def positions(parts: Sequence[Any]) -> np.ndarray:
        arrays = [p if isinstance(p, (pa.Array, pa.ChunkedArray)) else pa.array(list(p), pa.string())
                  for p in parts]
        found = [np.asarray(pc.index_in(x, value_set=id_set).to_numpy(zero_copy_only=False), np.int64)
                 for x in arrays]
        return np.concatenate(found) if found else np.zeros(0, np.int64)

    return positions(left), positions(right)


def batches(ids: Sequence[str], a: np.ndarray, b: np.ndarray, n_pairs: int,
            limit: int = BATCH) -> tuple[list[Batch], list[str]]:
    """Batches of whole connected components of the edges ``a[i]``-``b[i]`` (positions in ``ids``:
    the pairs, then from ``n_pairs`` on the must-links), each (mention ids in ``ids`` order, pair
    indices in order, must-link indices in order), and the mentions in no pair (in ``ids`` order)."""
    parts, alone = _positions(len(ids), a, b, n_pairs, limit)
    return ([([ids[i] for i in m.tolist()], idx.tolist(), must.tolist()) for m, idx, must in parts],
            [ids[i] for i in alone.tolist()])


#: a batch as row numbers: its mentions (in row order), pair indices, must-link indices (arrays:
#: millions of pairs)
_Part = tuple[np.ndarray, np.ndarray, np.ndarray]


def _positions(n: int, a: np.ndarray, b: np.ndarray, n_pairs: int, limit: int,
               ) -> tuple[list[_Part], np.ndarray]:
    """``batches`` over row numbers (of ``n`` rows): computed over integer arrays, millions of pairs."""
    label = components(n, a, b)
    in_pair = np.zeros(n, bool)
    in_pair[a] = in_pair[b] = True
    size = np.bincount(label[in_pair], minlength=n)
    slot = np.full(n, -1, np.int64)  # component root (its first mention) -> batch number
    filled: list[int] = []
    for root in np.flatnonzero(size).tolist():  # components in the order of their first mention
        if not filled or (filled[-1] and filled[-1] + int(size[root]) > limit):
            filled.append(0)
        slot[root] = len(filled) - 1
        filled[-1] += int(size[root])
    paired = np.flatnonzero(in_pair)
    members = _grouped(slot[label[paired]], paired, len(filled))
    edges = _grouped(slot[label[a]], np.arange(len(a)), len(filled))
    out: list[_Part] = []
    for k in range(len(filled)):
        e = edges[k]
        out.append((members[k], e[e < n_pairs], e[e >= n_pairs] - n_pairs))
    return out, np.flatnonzero(~in_pair)


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each of ``n`` vertices' component (the smallest vertex in it) given the edges ``a[i]``-``b[i]``:
    roots hook to the smaller root across each edge, then paths are compressed, until no edge spans
    two components (a few rounds, each a handful of array operations)."""
    label = np.arange(n, dtype=np.int64)
    while True:
        la, lb = label[a], label[b]
        cross = la != lb
        if not cross.any():
            return label
        la, lb = la[cross], lb[cross]
        low = np.minimum(la, lb)
        np.minimum.at(label, la, low)
        np.minimum.at(label, lb, low)
        while True:
            up = label[label]
            if np.array_equal(up, label):
                break
            label = up


def _grouped(keys: np.ndarray, values: np.ndarray, groups: int) -> list[np.ndarray]:
    """``values`` split by ``keys`` (0 .. groups-1), each group in its original order."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(groups + 1))
    return [values[order[bounds[k]:bounds[k + 1]]] for k in range(groups)]
