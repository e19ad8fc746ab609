"""Mentions that fit two people equally well are merged into neither.

A next-of-kin record that gives only "RUBEN JOHNSON" and a phone fits the father and the son of
that household, both patients, both on that line; an appointment row with only a birth date and a
phone fits either twin. Greedy clustering would put it with whichever scored first — a coin toss
that sends one person's exposure to another. A *weak* mention (no SSN, MRN or member id, and not a
full name with a birth date) with auto-band pairs into two clusters that clash with each other
(``conflict`` "cluster": people the rules keep apart) is *ambiguous*: clustering runs again with
it held out of every scored merge. It stays a person of its own (its links are kept, conflict
``ambiguous``, for ``phiscope review``); a reviewer's must-link still places it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from phiscope.people.cluster import Decision, Reviewed, Thresholds, cluster_pairs


def weak(row: Mapping[str, Any]) -> bool:
    """No identifier only one person holds, and not a full name with a birth date."""
    if row.get("ssn") or row.get("mrn") or row.get("member_id") or row.get("member_ids"):
        return False
    return not (row.get("first_name") and row.get("last_name") and row.get("dob"))


def ambiguous(rows: Mapping[str, Mapping[str, Any]], left: Sequence[str], right: Sequence[str],
              decisions: Sequence[Decision], clusters: Mapping[str, list[str]]) -> set[str]:
    """Weak mentions with auto-band pairs into at least two clusters, one refused as a clash."""
    root = {m: r for r, members in clusters.items() for m in members}
    fits: dict[str, set[str]] = {}
    clashed: set[str] = set()
    n = len(left)
    for i, band, why, _ in decisions:
        if i >= n or band != "auto" or why not in (None, "cluster"):
            continue
        for x, y in ((left[i], right[i]), (right[i], left[i])):
            if weak(rows[x]):
                fits.setdefault(x, {root[x]}).add(root[y])
                if why == "cluster":
                    clashed.add(x)
    return {x for x in clashed if len(fits[x]) >= 2}


def cluster_unambiguous(rows: Mapping[str, Mapping[str, Any]], left: Sequence[str], right: Sequence[str],
                        probability: Sequence[float], t: Thresholds, reviewed: Reviewed | None = None,
                        ) -> tuple[dict[str, list[str]], list[Decision], set[str]]:
    """``cluster_pairs``, again with the ambiguous mentions held when there are any."""
    clusters, decisions = cluster_pairs(rows, left, right, probability, t, reviewed)
    held = ambiguous(rows, left, right, decisions, clusters)
    if held:
        clusters, decisions = cluster_pairs(rows, left, right, probability, t, reviewed, hold=held)
    return clusters, decisions, held
