"""Pairing findings with true occurrences: the matching rules of ``phiscope eval``.

Value truths (the simulator: no character offsets, exact values):
  a finding matches an occurrence when both are in the same file, of the same
  element, and their values are equal after that element's normalisation.
  Pairs are one to one: within one (file, element, value) group, ``min(truth,
  findings)`` pairs are made, preferring pairs whose known locations agree
  (page, sheet, row, column, line, JSON path), so a value shared by several
  people in one file is credited to the person at that place.

Span truths (external corpora: character offsets, gold extents):
  a finding matches an occurrence when both are in the same file, the
  finding's element is one the occurrence accepts (its type mapping) and the
  character spans overlap. Any overlap counts (a street address and a
  city/state/ZIP finding may both cover one gold address); a finding is paired
  with the occurrence it overlaps most. A finding without a document span
  falls back to the value rule.

A finding is *right by value* when it is paired, or when it names a true value
of its element in its document (after normalisation): the unit
``bench/accuracy.py`` counts precision in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from phiscope.eval.case import Predicted
from phiscope.eval.normalize import Normalizer
from phiscope.eval.truth import Occurrence, TruthSet

LOCATION_FIELDS = ("page", "sheet", "row", "column", "line", "json_path", "message")
_MAX_SCORED_PAIRS = 40_000
#: pairs from which a group is scored as arrays (``_all_scored``) rather than a pair at a time
_ARRAY_PAIRS = 64
Key = tuple[str, str, str]


@dataclass(slots=True)
class Matching:
    """The result: ``pairs`` finding id -> occurrence id; occurrences found; findings right by value."""

    pairs: dict[str, str] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)
    right_by_value: set[str] = field(default_factory=set)


def location_agreement(o: Occurrence, p: Predicted) -> int:
    """+1 per location field both know and agree on, -1 per field both know and differ on.

    JSON paths agree when one extends the other (a finding in a table of
    records carries the table's path; the truth the leaf's).
    """
    score = 0
    for name in LOCATION_FIELDS:
        a, b = getattr(o, name), getattr(p, name)
        if a is not None and b is not None:
            same = _json_path_prefix(str(a), str(b)) if name == "json_path" else a == b
            score += 1 if same else -1
    return score


def _json_path_prefix(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long == short or (long.startswith(short) and long[len(short)] in ".[")


def pair_group(occs: Sequence[Occurrence], preds: Sequence[Predicted]) -> list[tuple[Occurrence, Predicted]]:
    """``min(len)`` one-to-one pairs, best location agreement first (stable order on ties).

    Pairs at identical locations are taken first (no other pair can agree better with either
    side), so the common case, a value repeated in many rows of one file, costs no scoring; a
    group of one occurrence and one finding (most groups) is that pair."""
    if len(occs) == 1 and len(preds) == 1:
        return [(occs[0], preds[0])]
    exact, occs, preds = _same_place(occs, preds)
    if not occs or not preds:
        return exact + list(zip(occs, preds, strict=False))
    return exact + _scored(occs, preds)


def _same_place(occs: Sequence[Occurrence], preds: Sequence[Predicted]
                ) -> tuple[list[tuple[Occurrence, Predicted]], list[Occurrence], list[Predicted]]:
    """Pairs whose locations are identical, and the occurrences and findings left over."""
    fields = _known(occs)
    index: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for j, p in enumerate(preds):
        index[_where(p, fields)].append(j)
    used: set[int] = set()
    pairs: list[tuple[Occurrence, Predicted]] = []
    rest_o: list[Occurrence] = []
    for o in occs:
        free = index.get(_where(o, fields))
        if free:
            j = free.pop(0)
            used.add(j)
            pairs.append((o, preds[j]))
        else:
            rest_o.append(o)
    return pairs, rest_o, [p for j, p in enumerate(preds) if j not in used]


def _scored(occs: Sequence[Occurrence], preds: Sequence[Predicted]) -> list[tuple[Occurrence, Predicted]]:
    scored: Iterable[tuple[int, int, int]]
    pairs = len(occs) * len(preds)
    if pairs > _MAX_SCORED_PAIRS:  # huge groups: only pairs that share a place
        scored = sorted(_blocked(occs, preds))
    elif pairs >= _ARRAY_PAIRS:
        scored = _all_scored(occs, preds)
    else:  # a few pairs: one call each costs less than building arrays
        scored = sorted((-location_agreement(o, p), i, j)
                        for i, o in enumerate(occs) for j, p in enumerate(preds))
    used_o: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[Occurrence, Predicted]] = []
    most = min(len(occs), len(preds))
    for _, i, j in scored:
        if len(out) == most:  # no pair is left to make
            break
        if i not in used_o and j not in used_p:
            used_o.add(i)
            used_p.add(j)
            out.append((occs[i], preds[j]))
    rest_o = [o for i, o in enumerate(occs) if i not in used_o]
    rest_p = [p for j, p in enumerate(preds) if j not in used_p]
    return out + list(zip(rest_o, rest_p, strict=False))


def _all_scored(occs: Sequence[Occurrence], preds: Sequence[Predicted]) -> Iterator[tuple[int, int, int]]:
    """(-agreement, i, j) of every pair, sorted (made as they are read): ``location_agreement`` of
    all pairs at once, as arrays (a field's values as codes; JSON paths through their prefixes), so
    a group of a few hundred rows each side costs no Python call per pair."""
    n, m = len(occs), len(preds)
    score = np.zeros((n, m), np.int64)
    for name in LOCATION_FIELDS:
        ca, cb, same = _field_codes(name, [getattr(o, name) for o in occs], [getattr(p, name) for p in preds])
        known = (ca >= 0)[:, None] & (cb >= 0)[None, :]
        if known.any():
            score += np.where(known, np.where(same(ca, cb), 1, -1), 0)
    flat = -score.ravel()
    order = np.argsort(flat, kind="stable")  # ties in (i, j) order: the flat index is i * m + j
    values = flat.tolist()
    for k in order.tolist():
        yield values[k], k // m, k % m

def _field_codes(name: str, a: list[object], b: list[object]
                 ) -> tuple[np.ndarray, np.ndarray, Callable[[np.ndarray, np.ndarray], np.ndarray]]:
    """Both sides' values of one location field as codes (-1: not known) and what says, for every
    pair of codes, whether they agree (equal; JSON paths: one extends the other)."""
    if name != "json_path":
        codes: dict[object, int] = {}
        ca = np.array([-1 if v is None else codes.setdefault(v, len(codes)) for v in a], np.int64)
        cb = np.array([-1 if v is None else codes.setdefault(v, len(codes)) for v in b], np.int64)
        return ca, cb, lambda x, y: x[:, None] == y[None, :]
    sa = [None if v is None else str(v) for v in a]
    sb = [None if v is None else str(v) for v in b]
    ua = {v: k for k, v in enumerate(dict.fromkeys(v for v in sa if v is not None))}
    ub = {v: k for k, v in enumerate(dict.fromkeys(v for v in sb if v is not None))}
    table = np.zeros((len(ua), len(ub)), bool)  # through each path's prefixes, not every pair
    for y, jb in ub.items():
        for q in _json_prefixes(y):
            if q in ua:
                table[ua[q], jb] = True
    for x, ja in ua.items():
        for q in _json_prefixes(x):
            if q in ub:
                table[ja, ub[q]] = True
    ca = np.array([-1 if v is None else ua[v] for v in sa], np.int64)
    cb = np.array([-1 if v is None else ub[v] for v in sb], np.int64)
    return ca, cb, lambda x, y: table[np.ix_(np.maximum(x, 0), np.maximum(y, 0))]


#: location fields that can tell one place of a file from another (a sheet or a column cannot)
_PLACES = ("row", "line", "json_path", "page", "message")
#: a place this many findings share tells nothing (page 1 of a one-page report)
_COMMON_PLACE = 64


def _blocked(occs: Sequence[Occurrence], preds: Sequence[Predicted]) -> list[tuple[int, int, int]]:
    """(-agreement, i, j) for the pairs of a huge group whose agreement is positive: pairs that share
    a row, line, JSON record, page or message (``location_agreement`` is positive only where some
    field agrees), found through an index instead of scoring every pair. The pairs left are paired
    in order, as pairs that agree nowhere are."""
    index: dict[tuple[str, object], list[int]] = defaultdict(list)
    for j, p in enumerate(preds):
        for name in _PLACES:
            v = getattr(p, name)
            if v is not None:
                for key in _json_prefixes(str(v)) if name == "json_path" else (v,):
                    index[(name, key)].append(j)
    scored: list[tuple[int, int, int]] = []
    for i, o in enumerate(occs):
        near: set[int] = set()
        for name in _PLACES:
            v = getattr(o, name)
            if v is None:
                continue
            keys = _json_prefixes(str(v)) if name == "json_path" else (v,)
            for key in keys:
                js = index.get((name, key), ())
                if len(js) <= _COMMON_PLACE:
                    near.update(js)
        scored.extend((-a, i, j) for j in near if (a := location_agreement(o, preds[j])) > 0)
    return scored


def _json_prefixes(path: str) -> list[str]:
    """A JSON path and the paths it extends (``$.a[1].b`` -> ``$.a[1].b``, ``$.a[1]``, ``$.a``):
    two paths agree when one extends the other, so they share an entry here."""
    out = [path]
    for n in range(len(path) - 1, 0, -1):
        if path[n] in ".[":
            out.append(path[:n])
    return out


def _known(occs: Sequence[Occurrence]) -> tuple[str, ...]:
    """The location fields the truth gives for these occurrences (a field it never gives, such
    as the dump line of a SQL row, cannot tell places apart)."""
    return tuple(n for n in LOCATION_FIELDS if any(getattr(o, n) is not None for o in occs))


def _where(x: Occurrence | Predicted, fields: tuple[str, ...] = LOCATION_FIELDS) -> tuple[object, ...]:
    return tuple(getattr(x, n) for n in fields)


def _truth_keys(truth: TruthSet, norm: Normalizer) -> dict[Key, list[Occurrence]]:
    groups: dict[Key, list[Occurrence]] = defaultdict(list)
    for o in truth.occurrences:
        for element in sorted(o.accepted()):
            groups[(o.file, element, norm(element, o.value))].append(o)
    return groups


def _record(m: Matching, pairs: list[tuple[Occurrence, Predicted]]) -> None:
    for o, p in pairs:
        m.pairs[p.id] = o.id
        m.found.add(o.id)


def match(truth: TruthSet, preds: Sequence[Predicted], norm: Normalizer) -> Matching:
    """Pair ``preds`` with ``truth`` by the rule of its ``match_by`` (see the module docstring)."""
    m = Matching()
    groups = _truth_keys(truth, norm)
    by_key: dict[Key, list[Predicted]] = defaultdict(list)
    spans: dict[str, list[Occurrence]] = defaultdict(list)
    if truth.match_by == "span":
        for o in truth.occurrences:
            if o.start is not None and o.end is not None:
                spans[o.file].append(o)
    for p in preds:
        key = (p.file, p.element, norm(p.element, p.value))
        if key in groups:
            m.right_by_value.add(p.id)
        if truth.match_by == "span" and p.start is not None and p.end is not None:
            _match_span(m, p, spans.get(p.file, ()))
        else:
            by_key[key].append(p)
    for key, ps in by_key.items():
        if key in groups:
            _record(m, pair_group(groups[key], ps))
    m.right_by_value |= set(m.pairs)
    return m


def _match_span(m: Matching, p: Predicted, occs: Sequence[Occurrence]) -> None:
    assert p.start is not None and p.end is not None
    best: tuple[int, str] | None = None
    for o in occs:
        assert o.start is not None and o.end is not None
        overlap = min(p.end, o.end) - max(p.start, o.start)
        if overlap > 0 and p.element in o.accepted():
            m.found.add(o.id)
            if best is None or overlap > best[0]:
                best = (overlap, o.id)
    if best is not None:
        m.pairs[p.id] = best[1]
