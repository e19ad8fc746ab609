"""From scored pairs to people: hard conflicts, three bands, and constrained clustering.

Bands of a pair by its Splink match probability: ``auto`` (at least
``auto_merge``: merged), ``review`` (at least ``review``: kept as a link for a
person to look at, not merged) and ``distinct``.

Some pairs must never merge whatever their score — a *conflict*:

* both first names known and none of: equal, one a prefix (an initial) of
  the other, at most two typing edits apart, nickname-equivalent, Jaro-Winkler
  at least 0.88 (twins share DOB, address and phone, never a first name);
* both generational suffixes known and different (Jr and Sr);
* both DOBs known and more than two typing edits apart (a parent and child
  with the same name; a day/month swap is two edits);
* both SSNs known and more than two edits apart (a typo or a transposition
  still merges);
* one is a contact person (a next of kin, an emergency contact, a guardian) and the other a minor
  (under 18 at the notice date, ``linkage_rows``): a child is nobody's next of kin, so "KEVIN
  STEIN" on a sibling's NK1 segment is the father Kevin Stein, never his infant son Kevin Stein II
  with the same phone (conflict ``minor``).

A first-name or DOB conflict is waived when the SSN or the MRN is equal (an
identifier only that person holds); first and last name swapped is no conflict.

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

import jellyfish

from phiscope.people.normalize import first_name_group


@dataclass(frozen=True)
class Thresholds:
    """Match-probability bands (see the module docstring; defaults measured in bench/linkage_bench.py)."""

    auto_merge: float = 0.95
    review: float = 0.5


def band(probability: float, t: Thresholds) -> str:
    """``auto``, ``review`` or ``distinct``."""
    return "auto" if probability >= t.auto_merge else "review" if probability >= t.review else "distinct"


#: edits (Damerau-Levenshtein) two values may differ by and still be one value mistyped
TYPO_EDITS = 2


def _typo_apart(a: str, b: str) -> bool:
    return jellyfish.damerau_levenshtein_distance(a, b) <= TYPO_EDITS


def _day_month_swapped(a: str, b: str) -> bool:
    """ISO dates whose day and month trade places: 04/11/1973 read once as April 11, once as
    November 4 (a US and a European source), not two birth dates."""
    return len(a) == len(b) == 10 and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


def _other_first_name(a: str, b: str) -> bool:
    if a == b or a.startswith(b) or b.startswith(a) or _typo_apart(a, b):
        return False
    if set(first_name_group(a) or ()) & set(first_name_group(b) or ()):
        return False
    return jellyfish.jaro_winkler_similarity(a, b) < 0.88


def conflict(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    """Why two mentions (linkage rows) can never be one person, or None."""
    if (a.get("contact") and b.get("minor")) or (b.get("contact") and a.get("minor")):
        return "minor"
    sa, sb = a.get("suffix"), b.get("suffix")
    if sa and sb and sa != sb:
        return "suffix"
    if any(a.get(k) and a.get(k) == b.get(k) for k in ("ssn", "mrn")):
        return None  # an identifier only this person holds outweighs a name or DOB mistyped
    fa, fb = a.get("first_name"), b.get("first_name")
    swapped = fa and fa == b.get("last_name") and a.get("last_name") == fb
    if fa and fb and not swapped and _other_first_name(str(fa), str(fb)):
        return "first_name"
    ma, mb = a.get("middle_initial"), b.get("middle_initial")
    if ma and mb and ma != mb:  # twins William H and William E Reed: one DOB, address and phone
        return "middle_initial"
    for field in ("dob", "ssn"):
        va, vb = a.get(field), b.get(field)
        if va and vb and not _typo_apart(str(va), str(vb)):
            if field == "dob" and _day_month_swapped(str(va), str(vb)):
                continue
            if field == "ssn" and _one_household_identity(a, b):
                continue
            return field
    return None


def _one_household_identity(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same first name, last name and birth date, and the same street, ZIP or phone: a second
    person with all of these (twins differ in first name, a Jr in birth date) is far rarer than an
    SSN keyed wrongly or copied from a family member, so two such SSNs are no conflict."""
    if not all(a.get(k) and a.get(k) == b.get(k) for k in ("first_name", "last_name", "dob")):
        return False
    if any(a.get(k) and a.get(k) == b.get(k) for k in ("street", "zip5")):
        return True
    return bool(set(a.get("phones") or ()) & set(b.get("phones") or ()))


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


#: the linkage columns ``conflict`` reads: members with equal values here clash alike (the street,
#: ZIP and phones too: ``_one_household_identity`` reads them)
CONFLICT_FIELDS = ("suffix", "ssn", "mrn", "first_name", "last_name", "dob", "contact", "minor", "street",
                   "zip5", "phones", "middle_initial")


def conflict_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """The values of ``CONFLICT_FIELDS`` in ``row`` (a list as a tuple): rows with equal keys clash
    alike with any other row."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in (row.get(f) for f in CONFLICT_FIELDS))


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
