"""``watch replay``: the patients whose records an actor touched in a time range (a case
input for the breach pipeline), and the rows it read where the log names no patient."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from phiscope.watch.alerts import _iso
from phiscope.watch.events import AccessEvent


@dataclass
class _Touch:
    first: float
    last: float
    accesses: int = 0
    sources: set[str] = field(default_factory=set)


@dataclass
class ReplayResult:
    """Per patient touched, and the totals without patient identifiers."""

    patients: dict[str, _Touch] = field(default_factory=dict)
    events: int = 0
    rows_without_patients: int = 0
    objects_without_patients: set[str] = field(default_factory=set)
    stats: Any = None  # the ingest's IngestStats, when read from logs
    ref: Callable[[str], str] | None = None  # patient -> the patient_ref alerts carry (with a key)

    def rows(self) -> list[dict[str, Any]]:
        """One row per patient, in order of first access (with its ``patient_ref`` when a key
        makes references stable, so alerts can be matched to patients)."""
        items = sorted(self.patients.items(), key=lambda kv: (kv[1].first, kv[0]))
        ref = self.ref
        return [{"patient_id": p, **({"patient_ref": ref(p)} if ref else {}), "first_access": _iso(t.first),
                 "last_access": _iso(t.last), "accesses": t.accesses, "sources": ",".join(sorted(t.sources))}
                for p, t in items]


def replay(events: Iterable[AccessEvent], actor: str, since: float | None = None,
           until: float | None = None) -> ReplayResult:
    """What ``actor`` touched between ``since`` and ``until`` (inclusive; None = open)."""
    out = ReplayResult()
    for ev in events:
        if ev.actor != actor or (since is not None and ev.ts < since) or \
                (until is not None and ev.ts > until):
            continue
        out.events += 1
        if not ev.patients:
            out.rows_without_patients += ev.rows
            if ev.rows and ev.object:
                out.objects_without_patients.add(ev.object)
        for p in ev.patients:
            t = out.patients.get(p)
            if t is None:
                t = out.patients[p] = _Touch(ev.ts, ev.ts)
            t.first, t.last = min(t.first, ev.ts), max(t.last, ev.ts)
            t.accesses += 1
            t.sources.add(ev.source)
    return out
