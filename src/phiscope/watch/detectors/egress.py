"""Egress volume to a new external destination (network flow logs such as Zeek conn)."""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import CONNECT_EVENTS, Detector, Mode
from phiscope.watch.events import CONNECT, AccessEvent


class EgressDetector(Detector):
    """Bytes sent by one host to an external address it never sent to, above a threshold
    per window."""

    id = "egress"
    summary = "large upload from a host to an external address it never talked to"
    kinds = CONNECT_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        self.window_s = int(float(self.settings.get("window_minutes", 60)) * 60)
        self.limit = float(self.settings.get("new_destination_bytes", 100_000_000))
        self.known: dict[str, set[str]] = defaultdict(set)
        self.sent: dict[tuple[str, str], tuple[int, int]] = {}  # (host, dest) -> (window, bytes)
        self.alerted: set[tuple[str, str]] = set()

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if ev.action != CONNECT or not ev.dest or ev.command == "local" or not _external(ev.dest):
            return []
        if mode is Mode.LEARN or ev.dest in self.known[ev.host]:
            if mode is not Mode.FROZEN:
                self.known[ev.host].add(ev.dest)
            return []
        key, wid = (ev.host, ev.dest), int(ev.ts // self.window_s)
        last_wid, sent = self.sent.get(key, (wid, 0))
        total = (sent if last_wid == wid else 0) + ev.bytes
        self.sent[key] = (wid, total)
        if total <= self.limit or (ev.host, ev.dest) in self.alerted:
            return []
        self.alerted.add((ev.host, ev.dest))
        text = (f"host {ev.host} sent {total / 1e6:,.0f} MB to the external address {ev.dest}, which it "
                f"never contacted before, within {self.window_s // 60} minutes. "
                f"Large uploads to new destinations are how stolen data usually leaves.")
        return [Alert(self.id, self.family, ev.ts, ev.actor, text, severity="high", host=ev.host,
                      source=ev.source, line=ev.line, evidence={"bytes": total, "limit": self.limit})]


    def state(self) -> dict[str, Any]:
        return {"known": {h: sorted(d) for h, d in self.known.items()},
                "sent": [[h, d, w, n] for (h, d), (w, n) in sorted(self.sent.items())],
                "alerted": sorted(map(list, self.alerted))}

    def load_state(self, data: Mapping[str, Any]) -> None:
        for h, dests in dict(data.get("known", {})).items():
            self.known[str(h)].update(str(d) for d in dests)
        self.sent.update({(str(h), str(d)): (int(w), int(n)) for h, d, w, n in data.get("sent", [])})
        self.alerted |= {(str(h), str(d)) for h, d in data.get("alerted", [])}

@lru_cache(maxsize=65536)
def _external(addr: str) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return ip.is_global
