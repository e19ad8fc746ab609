"""Person ids that survive a new resolution: the same input resolved again, new files added
(rolling notification: people already notified keep their id), reviewed links applied.

Mention ids are content-derived, so the previous resolution's mention -> person map says which
earlier person each new cluster continues:

* an earlier id goes to at most one new cluster: the one holding most of its earlier mentions
  (ties: the smallest cluster key);
* a cluster takes, among the earlier ids that go to it, the one holding most of its mentions
  (ties: an id already notified, then the smallest id);
* a cluster that takes none gets ``summary.person_id`` of its members — or, when that id is in use
  (held earlier, notified, or taken now), the first unused id of one of its members.

What changed is reported: ids kept and new, ids *merged* into another person's (the loser -> the
winner), ids *split* over several people, ids *gone* (no mention left), and the notified ids
among the merged or gone — those people may need a correction letter.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from phiscope.people.summary import person_id


@dataclass
class IdChanges:
    """Each cluster's person id and how the ids changed since the previous resolution."""

    ids: dict[str, str] = field(default_factory=dict)  # cluster key -> person id
    kept: int = 0
    new: int = 0
    merged: dict[str, str] = field(default_factory=dict)  # earlier id that lost -> id that holds it now
    split: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    notified_lost: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """JSON-ready counts (``ids_*``) and the ids behind them (``id_changes``; no personal values)."""
        return {"ids_kept": self.kept, "ids_new": self.new, "ids_merged": len(self.merged),
                "ids_split": len(self.split), "ids_gone": len(self.gone),
                "notified_lost": len(self.notified_lost),
                "id_changes": {"merged": dict(sorted(self.merged.items())), "split": self.split,
                               "gone": self.gone, "notified_lost": self.notified_lost}}


def assign_ids(clusters: Mapping[str, Sequence[str]], previous: Mapping[str, str],
               notified: Collection[str] = ()) -> IdChanges:
    """Person ids for ``clusters`` (key -> mention ids) given the previous mention -> person map and
    the ids already notified (see the module docstring)."""
    overlap: Counter[tuple[str, str]] = Counter(
        (key, previous[m]) for key, members in clusters.items() for m in members if m in previous)
    best: dict[str, tuple[int, str]] = {}  # earlier id -> (mentions, cluster key) of its cluster
    for (key, old), n in overlap.items():
        if old not in best or (-n, key) < (-best[old][0], best[old][1]):
            best[old] = (n, key)
    offers: dict[str, list[tuple[int, bool, str]]] = {}
    for old, (n, key) in best.items():
        offers.setdefault(key, []).append((-n, old not in notified, old))
    out = IdChanges()
    for key, choices in offers.items():
        out.ids[key] = min(choices)[2]
    out.kept = len(out.ids)
    taken = set(previous.values()) | set(notified) | set(out.ids.values())
    for key in sorted(clusters):
        if key not in out.ids:
            out.ids[key] = fresh_id(clusters[key], taken)
            taken.add(out.ids[key])
            out.new += 1
    _changes(out, overlap, best, set(previous.values()), notified)
    return out


def fresh_id(members: Sequence[str], taken: Collection[str]) -> str:
    """``person_id(members)`` unless taken, else the first untaken id of a member (then of the
    smallest member and a counter)."""
    for m in sorted(members):
        pid = person_id([m])
        if pid not in taken:
            return pid
    first, n = min(members), 1
    while (pid := "P" + hashlib.sha256(f"{first}\x1f{n}".encode()).hexdigest()[:16]) in taken:
        n += 1
    return pid


def _changes(out: IdChanges, overlap: Counter[tuple[str, str]], best: Mapping[str, tuple[int, str]],
             earlier: set[str], notified: Collection[str]) -> None:
    spans = Counter(old for _, old in overlap)
    kept = set(out.ids.values())
    out.split = sorted(old for old, n in spans.items() if n > 1)
    out.merged = {old: out.ids[key] for old, (_, key) in best.items() if old not in kept}
    out.gone = sorted(earlier - set(best))
    out.notified_lost = sorted(old for old in [*out.merged, *out.gone] if old in notified)
