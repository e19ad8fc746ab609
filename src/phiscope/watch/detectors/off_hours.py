"""Activity at an hour an account never works: learned per actor from its history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import DATA_EVENTS, Detector, Mode
from phiscope.watch.events import CONNECT, AccessEvent


class OffHoursDetector(Detector):
    """An actor with enough history acting at a local hour (± tolerance) it never acted in."""

    id = "off-hours"
    summary = "activity by an account at hours it never works"
    kinds = DATA_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        s = self.settings
        self.min_days = int(s.get("min_days", 5))
        self.tol = int(s.get("tolerance_hours", 1))
        self.min_events = int(s.get("min_events", 3))
        self.days: dict[str, set[int]] = defaultdict(set)  # actor -> active days
        self.hours: dict[str, set[int]] = defaultdict(set)  # actor -> worked hours of day
        self.mask: dict[str, int] = {}  # actor -> bit h set when hour h is within tolerance of a worked one
        self.pending: dict[tuple[str, int], int] = {}  # (actor, hour bucket) -> events off hours
        self.alerted: set[tuple[str, int]] = set()

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if ev.action == CONNECT:
            return []
        actor, local = ev.actor, ev.ts + self.offset_s
        hour = int((local % 86400) // 3600)
        if mode is Mode.LEARN:
            self._learn(actor, local, hour)
            return []
        days = self.days.get(actor)
        if days is None or len(days) < self.min_days or (self.mask.get(actor, 0) >> hour) & 1:
            if mode is Mode.DETECT:
                self._learn(actor, local, hour)
            return []
        bucket = (actor, int(ev.ts // 3600))
        if bucket in self.alerted:
            return []
        n = self.pending.get(bucket, 0) + 1
        self.pending[bucket] = n
        if n < self.min_events:
            return []
        self.alerted.add(bucket)
        del self.pending[bucket]
        worked = sorted(self.hours[actor])
        text = (f"{actor} was active at {hour:02d}:00 local time ({n} events in the hour); in "
                f"{len(days)} days of history it only worked in hours "
                f"{_ranges(worked)}. Off-hours use of an account can mean someone else is using it.")
        return [Alert(self.id, self.family, ev.ts, actor, text, role=ev.role, host=ev.host,
                      source=ev.source, line=ev.line,
                      evidence={"hour": hour, "events": n, "history_days": len(days)})]

    def _learn(self, actor: str, local: float, hour: int) -> None:
        self.days[actor].add(int(local // 86400))
        hours = self.hours[actor]
        if hour not in hours:
            hours.add(hour)
            self._widen(actor, hour)

    def _widen(self, actor: str, hour: int) -> None:
        m = self.mask.get(actor, 0)
        for d in range(-self.tol, self.tol + 1):
            m |= 1 << ((hour + d) % 24)
        self.mask[actor] = m

    def state(self) -> dict[str, Any]:
        return {"days": {a: sorted(d) for a, d in self.days.items()},
                "hours": {a: sorted(h) for a, h in self.hours.items()},
                "pending": [[a, b, n] for (a, b), n in sorted(self.pending.items())],
                "alerted": sorted(map(list, self.alerted))}

    def load_state(self, data: Mapping[str, Any]) -> None:
        for a, days in dict(data.get("days", {})).items():
            self.days[str(a)].update(int(d) for d in days)
        for a, hours in dict(data.get("hours", {})).items():
            self.hours[str(a)].update(int(h) for h in hours)
            for h in hours:
                self._widen(str(a), int(h))
        self.pending.update({(str(a), int(b)): int(n) for a, b, n in data.get("pending", [])})
        self.alerted |= {(str(a), int(b)) for a, b in data.get("alerted", [])}

def _ranges(hours: list[int]) -> str:
    if not hours:
        return "none"
    out: list[str] = []
    start = prev = hours[0]
    for h in [*hours[1:], -9]:
        if h != prev + 1:
            out.append(f"{start:02d}-{prev + 1:02d}h" if prev > start else f"{start:02d}h")
            start = h
        prev = h
    return ", ".join(out)
