"""Alerts: what a detector says, in plain words, with counts but no patient data."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Alert:
    """One detection. ``explanation`` is a plain-words sentence; ``evidence`` holds counts,
    thresholds and baselines (never patient identifiers or statement text)."""

    detector: str  # stable id, with the rule: "volume:rows:5m", "bulk-export:copy-to"
    family: str  # "exfiltration" or "privacy"
    ts: float  # time of the event that raised it
    actor: str
    explanation: str
    severity: str = "medium"
    role: str = ""
    host: str = ""
    window_start: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with ISO times."""
        d = asdict(self)
        d["time"] = _iso(self.ts)
        if self.window_start is not None:
            d["window_start"] = _iso(self.window_start)
        return d


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat().replace("+00:00", "Z")
