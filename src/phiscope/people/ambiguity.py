"""Mentions that fit two people equally well are merged into neither.

A next-of-kin record that gives only "RUBEN JOHNSON" and a phone fits the father and the son of
that household, both patients, both on that line; an appointment row with only a birth date and a
phone fits either twin. Greedy clustering would put it with whichever scored first — a coin toss
that sends one person's exposure to another. A *weak* mention (no SSN, MRN or member id, and not a
full name with a birth date) with auto-band pairs into two clusters that clash with each other
(``conflict`` "cluster": people the rules keep apart) is *ambiguous*: the clusters holding such
mentions are clustered again, from their own pairs, with them held out of every scored merge. A
cluster the mention itself clashes with (an emergency contact and a cluster holding a minor's
mentions: a contact is never a minor) is no candidate, so it cannot make the mention ambiguous.

A mention is no coin toss where exactly one of the people it fits shares an e-mail address or a
phone number with it and it is already clustered with that one ("Kathy Mills
<katherine.mills@aol.com>" in a help-desk ticket fits the Katherine Mills with that address and a
Kathy Mills with another): it stays there. Where both share one (the twins' household phone, the
father's and son's line) or only the other does, it is held as before.

A held mention left alone whose pairs lead into two or more people is one of them, not a third:
``personless`` returns it, and the resolution gives it no person (like ``sole``'s unattributed
mentions). Its links are kept, conflict ``ambiguous``, for ``phiscope review``; a reviewer's
must-link places it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from phiscope.people.cluster import (
    AMBIGUOUS,
    CANNOT_LINK,
    Decision,
    Reviewed,
    Thresholds,
    clash,
    cluster_pairs,
    representatives,
)


def weak(row: Mapping[str, Any]) -> bool:
    """No identifier only one person holds, and not a full name with a birth date."""
    if row.get("ssn") or row.get("mrn") or row.get("member_id") or row.get("member_ids"):
        return False
    return not (row.get("first_name") and row.get("last_name") and row.get("dob"))


def ambiguous(rows: Mapping[str, Mapping[str, Any]], left: Sequence[str], right: Sequence[str],
              decisions: Sequence[Decision], clusters: Mapping[str, list[str]]) -> set[str]:
    """Weak mentions with auto-band pairs into at least two clusters, one refused as a clash (a
    cluster the mention itself clashes with is no candidate)."""
    root = {m: r for r, members in clusters.items() for m in members}
    fits: dict[str, set[str]] = {}
    clashed: set[str] = set()
    never: dict[tuple[str, str], bool] = {}  # (mention, root) -> the mention clashes with that cluster
    n = len(left)
    for i, band, why, _ in decisions:
        if i >= n or band != "auto" or why not in (None, "cluster"):
            continue
        for x, y in ((left[i], right[i]), (right[i], left[i])):
            if not weak(rows[x]):
                continue
            if why == "cluster":
                key = (x, root[y])
                if key not in never:
                    never[key] = clash([x], representatives(clusters[root[y]], rows), rows)
                if never[key]:
                    continue
                clashed.add(x)
            fits.setdefault(x, {root[x]}).add(root[y])
    return {x for x in clashed
            if len(fits[x]) >= 2 and _sole_contact_holder(x, fits[x], rows, clusters) != root[x]}


def _contacts(row: Mapping[str, Any]) -> set[tuple[str, str]]:
    """A row's e-mail addresses and phone numbers."""
    out: set[tuple[str, str]] = set()
    for one, many in (("email", "emails"), ("phone", "phones")):
        if row.get(one):
            out.add((one, row[one]))
        out.update((one, v) for v in row.get(many) or () if v)
    return out


def _sole_contact_holder(x: str, fits: set[str], rows: Mapping[str, Mapping[str, Any]],
                         clusters: Mapping[str, list[str]]) -> str | None:
    """The one cluster among ``fits`` where another mention shares an e-mail or phone with ``x``
    (None when none or several do)."""
    mine = _contacts(rows[x])
    if not mine:
        return None
    holders = [r for r in fits if any(mine & _contacts(rows[m]) for m in clusters[r] if m != x)]
    return holders[0] if len(holders) == 1 else None


def cluster_unambiguous(rows: Mapping[str, Mapping[str, Any]], left: Sequence[str], right: Sequence[str],
                        probability: Sequence[float], t: Thresholds, reviewed: Reviewed | None = None,
                        ) -> tuple[dict[str, list[str]], list[Decision], set[str]]:
    """``cluster_pairs``; where there are ambiguous mentions, the clusters holding them are clustered
    again from their own pairs with those mentions held (every other cluster and decision stands:
    a pair between a touched and an untouched cluster was not merged the first time either)."""
    rev = reviewed or Reviewed()
    clusters, decisions = cluster_pairs(rows, left, right, probability, t, rev)
    held = ambiguous(rows, left, right, decisions, clusters)
    if not held:
        return clusters, decisions, held
    root = {m: r for r, members in clusters.items() for m in members}
    touched = {root[x] for x in held}
    members = {m for r in touched for m in clusters[r]}
    idx = [i for i in range(len(left)) if left[i] in members and right[i] in members]
    must = [k for k, (a, b) in enumerate(rev.must) if a in members and b in members]
    sub_rev = Reviewed(tuple(rev.must[k] for k in must),
                       tuple(p for p in rev.cannot if p[0] in members and p[1] in members))
    sub_clusters, sub_decisions = cluster_pairs(
        {m: rows[m] for m in members}, [left[i] for i in idx], [right[i] for i in idx],
        [probability[i] for i in idx], t, sub_rev, hold=held)
    n, sub_n = len(left), len(idx)
    again = {(idx[i] if i < sub_n else n + must[i - sub_n]): (b, why, merged)
             for i, b, why, merged in sub_decisions}
    decisions = [(i, *again[i]) if i in again
                 else (i, b, AMBIGUOUS, merged) if _held_pair(i, b, why, n, left, right, held)
                 else (i, b, why, merged) for i, b, why, merged in decisions]
    clusters = {r: ms for r, ms in clusters.items() if r not in touched} | sub_clusters
    return clusters, decisions, held


def _held_pair(i: int, band: str, why: str | None, n: int, left: Sequence[str], right: Sequence[str],
               held: set[str]) -> bool:
    """A scored auto pair between a held mention and an untouched cluster, refused the first time
    for the clusters it would join: refused now because the mention is held (as ``cluster_pairs``
    with ``hold`` says before it looks at clusters)."""
    return (i < n and band == "auto" and why in ("cluster", CANNOT_LINK)
            and (left[i] in held or right[i] in held))


def personless(held: set[str], left: Sequence[str], right: Sequence[str], decisions: Sequence[Decision],
               clusters: Mapping[str, list[str]]) -> set[str]:
    """Held mentions alone in their cluster whose ``ambiguous`` pairs lead into two or more clusters
    that are not held mentions themselves (a next of kin named like a father and his adult son)."""
    if not held:
        return set()
    root = {m: r for r, members in clusters.items() for m in members}
    alone = {x for x in held if len(clusters[root[x]]) == 1}
    leads: dict[str, set[str]] = {}
    n = len(left)
    for i, _, why, _ in decisions:
        if i >= n or why != AMBIGUOUS:
            continue
        for x, y in ((left[i], right[i]), (right[i], left[i])):
            if x in alone and not set(clusters[root[y]]) <= held:
                leads.setdefault(x, set()).add(root[y])
    return {x for x, to in leads.items() if len(to) >= 2}
