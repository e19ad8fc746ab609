"""A service account, or an account dormant for weeks, acting from a host it never used."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import DATA_EVENTS, Detector, Mode
from phiscope.watch.events import CONNECT, AccessEvent


class NewHostDetector(Detector):
    """New source host for a service or dormant account."""

    id = "new-host"
    summary = "service or dormant account used from a host it never used"
    kinds = DATA_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        s = self.settings
        self.service = re.compile(str(s.get("service_account", "$^")), re.I)
        self.dormant_s = float(s.get("dormant_days", 30)) * 86400
        self.min_days = int(s.get("min_history_days", 3))
        self.hosts: dict[str, set[str]] = defaultdict(set)
        self.days: dict[str, set[int]] = defaultdict(set)
        self.last: dict[str, float] = {}
        self.alerted: set[tuple[str, str]] = set()

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if not ev.host or ev.action == CONNECT:
            return []
        prev = self.last.get(ev.actor)
        known = ev.host in self.hosts[ev.actor]
        if mode is not Mode.LEARN and not known and len(self.days[ev.actor]) >= self.min_days:
            dormant = prev is not None and ev.ts - prev >= self.dormant_s
            service = bool(self.service.search(ev.actor)) or ev.role == "service"
            if (dormant or service) and (ev.actor, ev.host) not in self.alerted:
                self.alerted.add((ev.actor, ev.host))
                return [self._alert(ev, dormant, prev)]
        if mode is not Mode.FROZEN:
            self.hosts[ev.actor].add(ev.host)
            self.days[ev.actor].add(int((ev.ts + self.offset_s) // 86400))
            self.last[ev.actor] = ev.ts
        return []

    def _alert(self, ev: AccessEvent, dormant: bool, prev: float | None) -> Alert:
        idle = (ev.ts - (prev or ev.ts)) / 86400
        why = f"was idle for {idle:.0f} days" if dormant else "is a service account"
        text = (f"{ev.actor} {why} and acted from a host it never used "
                f"({len(self.hosts[ev.actor])} known). Stolen service or dormant credentials "
                f"are often used from an attacker's machine.")
        return Alert(self.id, self.family, ev.ts, ev.actor, text, role=ev.role, host=ev.host,
                     source=ev.source, line=ev.line,
                     evidence={"known_hosts": len(self.hosts[ev.actor]), "dormant": dormant})

    def state(self) -> dict[str, Any]:
        return {"hosts": {a: sorted(h) for a, h in self.hosts.items()},
                "days": {a: sorted(d) for a, d in self.days.items()},
                "last": dict(self.last), "alerted": sorted(map(list, self.alerted))}

    def load_state(self, data: Mapping[str, Any]) -> None:
        for a, hosts in dict(data.get("hosts", {})).items():
            self.hosts[str(a)].update(str(h) for h in hosts)
        for a, days in dict(data.get("days", {})).items():
            self.days[str(a)].update(int(d) for d in days)
        self.last.update({str(a): float(t) for a, t in dict(data.get("last", {})).items()})
        self.alerted |= {(str(a), str(h)) for a, h in data.get("alerted", [])}
