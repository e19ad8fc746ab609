"""Grouping alerts into incidents: one actor's alerts closer than the gap are one incident."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phiscope.watch.alerts import Alert, _iso

_SEVERITY = {"low": 0, "medium": 1, "high": 2}


@dataclass
class Incident:
    """Alerts of one actor, each within ``gap`` of the previous."""

    incident_id: int
    actor: str
    start: float
    end: float
    alerts: list[Alert] = field(default_factory=list)

    @property
    def severity(self) -> str:
        """The highest severity of its alerts."""
        return max((a.severity for a in self.alerts), key=lambda s: _SEVERITY.get(s, 0))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (alerts by detector, plain-words explanations)."""
        return {"incident": self.incident_id, "actor": self.actor, "start": _iso(self.start),
                "end": _iso(self.end), "severity": self.severity, "alerts": len(self.alerts),
                "detectors": sorted({a.detector for a in self.alerts}),
                "explanations": [a.explanation for a in self.alerts[:5]]}


class IncidentGrouper:
    """Assigns each alert, in time order, to an open incident of its actor or a new one."""

    def __init__(self, gap_s: float = 7200.0) -> None:
        self.gap_s = gap_s
        self.incidents: list[Incident] = []
        self._open: dict[str, Incident] = {}

    def add(self, alert: Alert) -> tuple[Incident, bool]:
        """The alert's incident, and whether it is new."""
        inc = self._open.get(alert.actor)
        if inc is not None and alert.ts - inc.end <= self.gap_s:
            inc.alerts.append(alert)
            inc.end = max(inc.end, alert.ts)
            return inc, False
        inc = Incident(len(self.incidents) + 1, alert.actor, alert.ts, alert.ts, [alert])
        self.incidents.append(inc)
        self._open[alert.actor] = inc
        return inc, True
