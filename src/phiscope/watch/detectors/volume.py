"""Rows read, or distinct patients touched, per actor per window, against the actor's own
history and its peer group's (robust statistics; alerted windows are never learned)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.baseline import RobustBaseline
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Detector, Mode
from phiscope.watch.events import EXPORT, READ, AccessEvent


@dataclass(frozen=True)
class WindowSpec:
    """One measure over one window length, with its thresholds."""

    measure: str  # "rows" | "patients"
    window_s: int
    k: float
    floor: float
    min_history: int
    max_history: int

    @property
    def rule(self) -> str:
        """Stable rule id: ``rows:5m``, ``patients:1d``."""
        m = self.window_s // 60
        return f"{self.measure}:{m // 1440}d" if m % 1440 == 0 else f"{self.measure}:{m}m"

    @classmethod
    def from_config(cls, t: Mapping[str, Any]) -> WindowSpec:
        """From one ``[[detectors.volume.windows]]`` table."""
        return cls(str(t.get("measure", "rows")), int(float(t.get("window_minutes", 5)) * 60),
                   float(t.get("k", 8.0)), float(t.get("floor", 0)), int(t.get("min_history", 8)),
                   int(t.get("max_history", 400)))


@dataclass
class _Window:
    wid: int
    start: float
    value: float = 0.0
    patients: set[str] = field(default_factory=set)
    threshold: float = 0.0
    parts: dict[str, float] | None = None  # computed once the value passes the floor
    alerted: bool = False


class VolumeDetector(Detector):
    """Bulk reading: more rows or distinct patients in a window than the actor and its peers
    ever read in one."""

    id = "volume"
    summary = "rows or distinct patients per actor per window above the actor's and peers' baseline"

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        self.specs = [WindowSpec.from_config(t) for t in self.settings.get("windows", [])]
        self.own: list[dict[str, RobustBaseline]] = [{} for _ in self.specs]
        self.peer: list[dict[str, RobustBaseline]] = [{} for _ in self.specs]
        self.open: list[dict[str, _Window]] = [{} for _ in self.specs]
        self.roles: dict[str, str] = defaultdict(str)

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if ev.action not in (READ, EXPORT) or not (ev.rows or ev.patients):
            return []
        if ev.role:
            self.roles[ev.actor] = ev.role
        out: list[Alert] = []
        for i, spec in enumerate(self.specs):
            if spec.measure == "patients" and not ev.patients:
                continue
            w = self._window(i, spec, ev, mode)
            if spec.measure == "patients":
                w.patients.update(ev.patients)
                w.value = len(w.patients)
            else:
                w.value += ev.rows
            if w.alerted or w.value <= spec.floor or mode is Mode.LEARN:
                continue
            if w.parts is None:
                w.parts = self._thresholds(i, spec, ev.actor)
                w.threshold = max(w.parts.values())
            if w.value > w.threshold:
                w.alerted = True
                out.append(self._alert(spec, ev, w, w.parts))
        return out

    def _window(self, i: int, spec: WindowSpec, ev: AccessEvent, mode: Mode) -> _Window:
        day = spec.window_s == 86400
        wid = self.local_day(ev.ts) if day else int(ev.ts // spec.window_s)
        w = self.open[i].get(ev.actor)
        if w is not None and w.wid == wid:
            return w
        if w is not None and not w.alerted and mode is not Mode.FROZEN:
            self._learn(i, spec, ev.actor, w.value)
        start = wid * spec.window_s - (self.offset_s if day else 0)
        nw = _Window(wid, start)
        self.open[i][ev.actor] = nw
        return nw

    def _learn(self, i: int, spec: WindowSpec, actor: str, value: float) -> None:
        self.own[i].setdefault(actor, RobustBaseline(spec.max_history)).add(value)
        self.peer[i].setdefault(self.roles[actor], RobustBaseline(spec.max_history * 10)).add(value)

    def _thresholds(self, i: int, spec: WindowSpec, actor: str) -> dict[str, float]:
        parts = {"floor": spec.floor}
        own = self.own[i].get(actor)
        if own is not None and len(own) >= spec.min_history:
            parts["own"] = own.threshold(spec.k)
            parts["own_median"] = min(own.median_mad()[0], parts["own"])
        peer = self.peer[i].get(self.roles[actor])
        if peer is not None and len(peer) >= spec.min_history * 3:
            parts["peer"] = peer.threshold(spec.k)
        return parts

    def _alert(self, spec: WindowSpec, ev: AccessEvent, w: _Window, parts: dict[str, float]) -> Alert:
        what = "rows" if spec.measure == "rows" else "distinct patients' records"
        span = spec.rule.split(":")[1].replace("m", " minutes").replace("1d", "one day")
        usual = (f"its own usual is about {parts['own_median']:,.0f} (alert above {parts['own']:,.0f})"
                 if "own" in parts else "it has too little history of its own")
        peer = (f"; its peer group ({self.roles[ev.actor] or 'no role'}) alerts above {parts['peer']:,.0f}"
                if "peer" in parts else "")
        text = (f"{ev.actor} read {w.value:,.0f} {what} in {span}; {usual}{peer}. "
                f"A bulk read far above the usual can be an export of patient records.")
        ratio = w.value / max(parts.get("own_median", 0.0), 1.0)
        return Alert(f"{self.id}:{spec.rule}", self.family, ev.ts, ev.actor, text,
                     severity="high" if ratio > 50 else "medium", role=self.roles[ev.actor], host=ev.host,
                     window_start=w.start, source=ev.source, line=ev.line,
                     evidence={"measure": spec.measure, "value": w.value, "threshold": round(w.threshold, 1),
                               **{k: round(v, 1) for k, v in parts.items()}})
