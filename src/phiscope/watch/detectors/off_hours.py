"""Activity at an hour an account never works: learned per actor from its history."""

from __future__ import annotations

from collections import defaultdict

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Detector, Mode
from phiscope.watch.events import CONNECT, AccessEvent


class OffHoursDetector(Detector):
    """An actor with enough history acting at a local hour (± tolerance) it never acted in."""

    id = "off-hours"
    summary = "activity by an account at hours it never works"

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        s = self.settings
        self.min_days = int(s.get("min_days", 5))
        self.tol = int(s.get("tolerance_hours", 1))
        self.min_events = int(s.get("min_events", 3))
        self.days: dict[str, set[int]] = defaultdict(set)  # actor -> active days
        self.hours: dict[str, set[int]] = defaultdict(set)  # actor -> worked hours of day
        self.pending: dict[tuple[str, int], int] = {}  # (actor, hour bucket) -> events off hours
        self.alerted: set[tuple[str, int]] = set()

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if ev.action == CONNECT:
            return []
        hour = self.local_hour(ev.ts)
        if mode is Mode.LEARN:
            self._learn(ev.actor, ev.ts, hour)
            return []
        if len(self.days[ev.actor]) < self.min_days or self._worked(ev.actor, hour):
            if mode is Mode.DETECT:
                self._learn(ev.actor, ev.ts, hour)
            return []
        bucket = (ev.actor, int(ev.ts // 3600))
        if bucket in self.alerted:
            return []
        n = self.pending.get(bucket, 0) + 1
        self.pending[bucket] = n
        if n < self.min_events:
            return []
        self.alerted.add(bucket)
        del self.pending[bucket]
        worked = sorted(self.hours[ev.actor])
        text = (f"{ev.actor} was active at {hour:02d}:00 local time ({n} events in the hour); in "
                f"{len(self.days[ev.actor])} days of history it only worked in hours "
                f"{_ranges(worked)}. Off-hours use of an account can mean someone else is using it.")
        return [Alert(self.id, self.family, ev.ts, ev.actor, text, role=ev.role, host=ev.host,
                      source=ev.source, line=ev.line,
                      evidence={"hour": hour, "events": n, "history_days": len(self.days[ev.actor])})]

    def _learn(self, actor: str, ts: float, hour: int) -> None:
        self.days[actor].add(self.local_day(ts))
        self.hours[actor].add(hour)

    def _worked(self, actor: str, hour: int) -> bool:
        hours = self.hours[actor]
        return any((hour + d) % 24 in hours for d in range(-self.tol, self.tol + 1))


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
