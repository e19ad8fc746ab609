"""From scored pairs to people: hard conflicts, three bands, and constrained clustering.

Bands of a pair by its Splink match probability: ``auto`` (at least
``auto_merge``: merged), ``review`` (at least ``review``: kept as a link for a
person to look at, not merged) and ``distinct``.

Some pairs must never merge whatever their score — a *conflict* (``conflicts.conflict``: two
first names, suffixes, birth dates, SSNs or middle initials; a contact and a minor).

Clustering merges ``auto`` pairs from the most to the least probable
(ties: the smaller ids first) and refuses a merge that would put two
conflicting mentions in one person, so a chain of links cannot join twins
either. Connected components would (Splink's own clustering).

A reviewer's decisions (``phiscope review``) come first: *must-link* pairs
are merged before any scored pair (band ``reviewed``, no conflict check: the
reviewer saw both), and the kinds of conflict between the two sides they join
(a DOB the reviewer judged mistyped) no longer stop scored pairs from joining
that person's other mentions; no merge — reviewed or scored, direct or
through a chain — ever puts two *cannot-linked* mentions in one person
(conflict ``cannot_link``).
"""

from __future__ import annotations

from array import array
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from phiscope.people.conflicts import conflict, conflict_key


@dataclass(frozen=True)
class Thresholds:
    """Match-probability bands (see the module docstring; defaults measured in bench/linkage_bench.py)."""

    auto_merge: float = 0.95
    review: float = 0.5


def band(probability: float, t: Thresholds) -> str:
    """``auto``, ``review`` or ``distinct``."""
    return "auto" if probability >= t.auto_merge else "review" if probability >= t.review else "distinct"


#: band of a reviewer's must-link pair; conflict of a merge a cannot-link decision refused; of a pair
#: whose one side fits two people who clash
REVIEWED, CANNOT_LINK, AMBIGUOUS = "reviewed", "cannot_link", "ambiguous"

Pair = tuple[str, str]


@dataclass(frozen=True)
class Reviewed:
    """A reviewer's decisions: mention pairs (smaller id first) that must / cannot be one person."""

    must: tuple[Pair, ...] = ()
    cannot: tuple[Pair, ...] = ()

    def known(self, ids: Container[str]) -> tuple[Reviewed, int]:
        """The decisions whose two mentions are both in ``ids``, and how many were left out (a
        mention an earlier resolution had and this one no longer has)."""
        must = tuple(p for p in self.must if p[0] in ids and p[1] in ids)
        cannot = tuple(p for p in self.cannot if p[0] in ids and p[1] in ids)
        return Reviewed(must, cannot), len(self.must) + len(self.cannot) - len(must) - len(cannot)


class _Clusters:
    """Union-find whose sets remember their members, and one member per distinct combination of
    the fields ``conflict`` reads (a person's mentions mostly repeat the same values, so checking a
    merge compares a few representatives, not every pair of members)."""

    def __init__(self, rows: Mapping[str, Mapping[str, Any]]) -> None:
        self.rows = rows
        self.parent = {i: i for i in sorted(rows)}
        # root -> {conflict fields: member}, for roots of merged sets only (a lone mention is its
        # own representative: millions of mentions need no dict each)
        self._reps: dict[str, dict[tuple[Any, ...], str]] = {}
        self.banned: dict[str, set[str]] = {}  # root -> mentions cannot-linked to one of its members
        self.cannot: dict[str, set[str]] = {}  # mention -> mentions cannot-linked to it
        self.accepted: dict[str, set[str]] = {}  # root -> conflict kinds a reviewer's link accepted

    def forbid(self, a: str, b: str) -> None:
        """Record that ``a`` and ``b`` may never be in one cluster."""
        self.cannot.setdefault(a, set()).add(b)
        self.cannot.setdefault(b, set()).add(a)
        self.banned.setdefault(self.find(a), set()).add(b)
        self.banned.setdefault(self.find(b), set()).add(a)

    def forbidden(self, ra: str, rb: str) -> bool:
        """Whether joining the clusters of roots ``ra`` and ``rb`` would join cannot-linked mentions."""
        xa, xb = self.banned.get(ra), self.banned.get(rb)
        if not xa or not xb:  # decisions are symmetric: both sides have one, or neither
            return False
        xs, other = (xa, rb) if len(xa) <= len(xb) else (xb, ra)
        return any(self.find(x) == other for x in xs)

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def reps(self, root: str) -> list[str]:
        """The representatives of the set whose root is ``root``."""
        reps = self._reps.get(root)
        return [root] if reps is None else list(reps.values())

    def union(self, a: str, b: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        self.parent[rb] = ra
        into = self._reps.get(ra)
        if into is None:
            into = self._reps[ra] = {self._key(ra): ra}
        for key, rep in (self._reps.pop(rb, None) or {self._key(rb): rb}).items():
            into.setdefault(key, rep)
        for sets in (self.banned, self.accepted):
            if rb in sets:
                sets.setdefault(ra, set()).update(sets.pop(rb))

    def _key(self, mention: str) -> tuple[Any, ...]:
        return conflict_key(self.rows[mention])


#: one decided pair: (index in the input, band, conflict or None, merged)
Decision = tuple[int, str, str | None, bool]


def cluster_pairs(rows: Mapping[str, Mapping[str, Any]], left: Sequence[str], right: Sequence[str],
                  probability: Sequence[float], t: Thresholds, reviewed: Reviewed | None = None,
                  hold: Container[str] = frozenset()) -> tuple[dict[str, list[str]], list[Decision]]:
    """Mention clusters (root id -> member ids) and each pair's decision, in decision order, for
    pairs given as columns (a large case has millions of pairs: no object per pair). The decisions
    of ``reviewed.must`` pairs come first, with indices ``len(left) + k`` (k: the pair's position in
    ``reviewed.must``); every mention ``reviewed`` names must be in ``rows``. Mentions in ``hold``
    (``ambiguity.ambiguous``) join no one by score (conflict ``ambiguous``)."""
    uf = _Clusters(rows)
    rev = reviewed or Reviewed()
    for a, b_ in rev.cannot:
        uf.forbid(a, b_)
    decisions = [_must_link(uf, a, b_, len(left) + k, rows) for k, (a, b_) in enumerate(rev.must)]
    for i in by_probability(left, right, probability):
        a, b_ = left[i], right[i]
        b = band(probability[i], t)
        if b == "distinct":  # never merged nor shown: its conflicts are not worth looking for
            decisions.append((i, b, CANNOT_LINK if uf.cannot and b_ in uf.cannot.get(a, ()) else None, False))
            continue
        if (b == "auto" and not uf.accepted and a not in hold and b_ not in hold
                and uf.find(a) == uf.find(b_)):  # joined already: no member of a cluster clashes
            decisions.append((i, b, None, True))
            continue
        why = conflict(rows[a], rows[b_]) or _contact_by_name_only(rows[a], rows[b_])
        merged = False
        if b == "auto" and why is None:
            why, merged = (AMBIGUOUS, False) if a in hold or b_ in hold else _merge(uf, a, b_, rows)
        elif uf.cannot and b_ in uf.cannot.get(a, ()):
            why = CANNOT_LINK  # a reviewer said no: not a pair to count for review any more
        decisions.append((i, b, why, merged))
    clusters: dict[str, list[str]] = {}
    for m in rows:
        clusters.setdefault(uf.find(m), []).append(m)
    return {k: sorted(v) for k, v in clusters.items()}, decisions


def _contact_by_name_only(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    """A next of kin or emergency contact (known by a name and a phone) joins a mention only on a
    shared phone, e-mail or street besides the name: a mother and daughter share a name, rarely a
    line. Conflict ``contact``."""
    if not (a.get("contact") or b.get("contact")):
        return None
    for col in ("phones", "emails"):
        if set(a.get(col) or ()) & set(b.get(col) or ()):
            return None
    return None if a.get("street") and a.get("street") == b.get("street") else "contact"


def by_probability(left: Sequence[str], right: Sequence[str], probability: Sequence[float]) -> Sequence[int]:
    """Pair indices from the most to the least probable (ties: the smaller ids first), sorted by
    polars: millions of pairs, no Python key per pair, and the order held as 8-byte integers."""
    import polars as pl

    frame = pl.DataFrame({"p": probability, "l": left, "r": right},
                         schema={"p": pl.Float64, "l": pl.String, "r": pl.String})
    order = frame.with_row_index("i").sort(["p", "l", "r"], descending=[True, False, False])
    out = array("q")
    out.frombytes(order["i"].cast(pl.Int64).to_numpy().tobytes())
    return out


def _must_link(uf: _Clusters, a: str, b: str, index: int, rows: Mapping[str, Mapping[str, Any]]) -> Decision:
    ra, rb = uf.find(a), uf.find(b)
    if ra == rb:
        return index, REVIEWED, None, True
    if uf.forbidden(ra, rb):
        return index, REVIEWED, CANNOT_LINK, False  # contradictory decisions: "no" wins
    kinds = {conflict(rows[x], rows[y]) for x in uf.reps(ra) for y in uf.reps(rb)}
    uf.union(ra, rb)
    if kinds - {None}:
        uf.accepted.setdefault(uf.find(a), set()).update(k for k in kinds if k)
    return index, REVIEWED, None, True


def _merge(uf: _Clusters, a: str, b: str, rows: Mapping[str, Mapping[str, Any]]) -> tuple[str | None, bool]:
    """Merge an ``auto`` pair unless cannot-linked or clashing: (conflict or None, merged)."""
    ra, rb = uf.find(a), uf.find(b)
    if ra == rb:
        return None, True
    if uf.banned and uf.forbidden(ra, rb):
        return CANNOT_LINK, False
    waived = uf.accepted.get(ra, set()) | uf.accepted.get(rb, set()) if uf.accepted else set()
    if clash(uf.reps(ra), uf.reps(rb), rows, waived):
        return "cluster", False
    uf.union(ra, rb)
    return None, True


def cluster(rows: Mapping[str, Mapping[str, Any]], pairs: Sequence[dict[str, Any]],
            t: Thresholds) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """``cluster_pairs`` for pairs as dicts: each gets its band, conflict and ``merged`` (set in
    place); returned in decision order."""
    clusters, decisions = cluster_pairs(
        rows, [str(p["unique_id_l"]) for p in pairs], [str(p["unique_id_r"]) for p in pairs],
        [float(p["match_probability"]) for p in pairs], t)
    out = []
    for i, b, why, merged in decisions:
        pairs[i].update(band=b, conflict=why, merged=merged)
        out.append(pairs[i])
    return clusters, out


def representatives(members: Sequence[str], rows: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One member per distinct combination of the fields ``conflict`` reads: comparing those says
    what comparing every member would (a person's mentions mostly repeat the same values)."""
    reps: dict[tuple[Any, ...], str] = {}
    for m in members:
        reps.setdefault(conflict_key(rows[m]), m)
    return list(reps.values())


def clash(xs: Sequence[str], ys: Sequence[str], rows: Mapping[str, Mapping[str, Any]],
          waived: Container[str] = ()) -> bool:
    """Whether some mention of ``xs`` conflicts with some mention of ``ys`` (kinds in ``waived``
    aside)."""
    return any((c := conflict(rows[x], rows[y])) is not None and c not in waived for x in xs for y in ys)


def explaining(decisions: Sequence[Decision], left: Sequence[str], right: Sequence[str],
              clusters: Mapping[str, list[str]]) -> list[Decision]:
    """The decisions that explain the people: each merge that joined two groups of mentions (one
    per merge, in decision order: a spanning tree of each person), reviewer links, likely pairs a
    conflict kept apart, and review-band pairs between different people (the review queue). A
    pair within a person already joined, or a conflict on an unlikely pair, says nothing more
    (on a 10,000-patient case they were a million of 1.4 million pairs)."""
    root = {m: r for r, members in clusters.items() for m in members}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    out = []
    for d in decisions:
        i, band_, why, merged = d
        a, b = left[i], right[i]
        if merged:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra
                out.append(d)
            elif band_ == REVIEWED:
                out.append(d)
        elif (why is not None and band_ != "distinct") or (band_ == "review" and root[a] != root[b]):
            out.append(d)
    return out
