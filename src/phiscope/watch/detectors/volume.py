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
from phiscope.watch.detectors.base import DATA_EVENTS, Detector, Mode
from phiscope.watch.events import EXPORT, READ, AccessEvent

_READS = frozenset((READ, EXPORT))


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


@dataclass(slots=True)
class _Window:
    wid: int
    start: float
    value: float = 0.0
    patients: set[str] = field(default_factory=set)
    base: float = 0.0  # distinct patients counted before a restart (their identifiers are not saved)
    threshold: float = 0.0
    parts: dict[str, float] | None = None  # computed once the value passes the floor
    alerted: bool = False


class VolumeDetector(Detector):
    """Bulk reading: more rows or distinct patients in a window than the actor and its peers
    ever read in one."""

    id = "volume"
    summary = "rows or distinct patients per actor per window above the actor's and peers' baseline"
    kinds = DATA_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        self.specs = [WindowSpec.from_config(t) for t in self.settings.get("windows", [])]
        self.own: list[dict[str, RobustBaseline]] = [{} for _ in self.specs]
        self.peer: list[dict[str, RobustBaseline]] = [{} for _ in self.specs]
        self.open: list[dict[str, _Window]] = [{} for _ in self.specs]
        self.roles: dict[str, str] = defaultdict(str)
        # Per window spec, what the hot loop needs (day windows follow the site's local days).
        self._plan = [(i, spec, spec.measure == "patients", self.offset_s if spec.window_s == 86400 else 0.0,
                       spec.window_s, spec.floor, self.open[i]) for i, spec in enumerate(self.specs)]

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        rows, patients = ev.rows, ev.patients
        if ev.action not in _READS or not (rows or patients):
            return []
        actor, ts = ev.actor, ev.ts
        if ev.role:
            self.roles[actor] = ev.role
        out: list[Alert] = []
        for i, spec, by_patients, shift, size, floor, opened in self._plan:
            if by_patients and not patients:
                continue
            wid = int((ts + shift) // size)
            w = opened.get(actor)
            if w is None or w.wid != wid:
                w = self._roll(i, spec, actor, w, wid, mode)
            if by_patients:
                w.patients.update(patients)
                w.value = w.base + len(w.patients)
            else:
                w.value += rows
            if w.alerted or w.value <= floor or mode is Mode.LEARN:
                continue
            if w.parts is None:
                w.parts = self._thresholds(i, spec, actor)
                w.threshold = max(w.parts.values())
            if w.value > w.threshold:
                w.alerted = True
                out.append(self._alert(spec, ev, w, w.parts))
        return out

    def _roll(self, i: int, spec: WindowSpec, actor: str, old: _Window | None, wid: int,
              mode: Mode) -> _Window:
        """Close ``actor``'s window (learning its value unless it alerted) and open window ``wid``."""
        start = wid * spec.window_s - (self.offset_s if spec.window_s == 86400 else 0)
        if old is None:
            nw = self.open[i][actor] = _Window(wid, start)
            return nw
        if not old.alerted and mode is not Mode.FROZEN:
            self._learn(i, spec, actor, old.value)
        old.wid, old.start, old.value, old.base, old.threshold, old.parts, old.alerted = \
            wid, start, 0.0, 0.0, 0.0, None, False  # reused: one window object per actor
        old.patients.clear()
        return old

    def _learn(self, i: int, spec: WindowSpec, actor: str, value: float) -> None:
        own, peer, role = self.own[i], self.peer[i], self.roles[actor]
        b = own.get(actor)
        if b is None:
            b = own[actor] = RobustBaseline(spec.max_history)
        b.add(value)
        b = peer.get(role)
        if b is None:
            b = peer[role] = RobustBaseline(spec.max_history * 10)
        b.add(value)

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

    def state(self) -> dict[str, Any]:
        out: dict[str, Any] = {"roles": dict(self.roles), "windows": {}}
        for i, spec in enumerate(self.specs):
            out["windows"][spec.rule] = {
                "own": {a: b.to_state() for a, b in self.own[i].items()},
                "peer": {r: b.to_state() for r, b in self.peer[i].items()},
                "open": {a: {"wid": w.wid, "start": w.start, "value": w.value, "alerted": w.alerted,
                             "threshold": w.threshold, "parts": w.parts} for a, w in self.open[i].items()}}
        return out

    def load_state(self, data: Mapping[str, Any]) -> None:
        self.roles.update({str(a): str(r) for a, r in dict(data.get("roles", {})).items()})
        windows = dict(data.get("windows", {}))
        for i, spec in enumerate(self.specs):
            saved = windows.get(spec.rule, {})
            self.own[i].update({a: RobustBaseline.from_state(b, spec.max_history)
                                for a, b in dict(saved.get("own", {})).items()})
            self.peer[i].update({r: RobustBaseline.from_state(b, spec.max_history * 10)
                                 for r, b in dict(saved.get("peer", {})).items()})
            for a, w in dict(saved.get("open", {})).items():
                parts = w.get("parts")
                value = float(w["value"])
                self.open[i][a] = _Window(int(w["wid"]), float(w["start"]), value, base=value,
                                          threshold=float(w.get("threshold", 0.0)),
                                          parts={k: float(v) for k, v in parts.items()} if parts else None,
                                          alerted=bool(w["alerted"]))
