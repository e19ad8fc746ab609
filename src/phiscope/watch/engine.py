"""The watch engine: every enabled detector over events in time order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Detector, Mode
from phiscope.watch.detectors.registry import enabled_detectors
from phiscope.watch.events import CONNECT, AccessEvent
from phiscope.watch.incidents import IncidentGrouper

Observe = Callable[[AccessEvent, Mode], list[Alert]]


class WatchEngine:
    """Detectors plus incident grouping. Roles missing from events come from the config's
    actor directory (peer groups)."""

    def __init__(self, config: WatchConfig, detectors: list[Detector] | None = None) -> None:
        self.config = config
        self.detectors = detectors if detectors is not None else enabled_detectors(config)
        self.directory = dict(config.directory)
        gap = float(config.general.get("incident_gap_minutes", 120)) * 60
        self.incidents = IncidentGrouper(gap)
        # Detectors by the kind of event they look at, so each event calls only those; those
        # that look at a known set of patients only (VIPs, relatives, the deceased) are called
        # through an index of those patients.
        self._by_kind = {k: tuple(d.observe for d in self.detectors if k in d.kinds and
                                  (k != "patients" or d.watched_patients() is None))
                         for k in ("patients", "plain", "connect")}
        self._by_patient: dict[str, tuple[Observe, ...]] = {}
        for d in self.detectors:
            for p in d.watched_patients() or ():
                self._by_patient[p] = (*self._by_patient.get(p, ()), d.observe)

    def observe(self, ev: AccessEvent, mode: Mode = Mode.DETECT) -> list[Alert]:
        """Alerts this event raises (grouped into incidents as a side effect)."""
        if not ev.role:
            ev.role = self.directory.get(ev.actor, "")
        out: list[Alert] = []
        kind = "connect" if ev.action == CONNECT else "patients" if ev.patients else "plain"
        for observe in self._by_kind[kind]:
            found = observe(ev, mode)
            if found:
                out.extend(found)
        if kind == "patients" and self._by_patient:
            watched, ps = self._by_patient, ev.patients
            if ps[0] in watched or (len(ps) > 1 and any(p in watched for p in ps)):
                out += self._watched(ev, mode)
        for a in out:
            self.incidents.add(a)
        return out

    def _watched(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        """Alerts of the detectors watching one of the event's patients (each called once)."""
        out: list[Alert] = []
        called: list[Observe] = []
        for p in ev.patients:
            for observe in self._by_patient.get(p, ()):
                if observe not in called:
                    called.append(observe)
                    out += observe(ev, mode)
        return out

    def learn(self, events: Iterable[AccessEvent]) -> int:
        """Learn baselines from history (no alerts); the number of events seen."""
        n = 0
        for ev in events:
            self.observe(ev, Mode.LEARN)
            n += 1
        return n

    def run(self, events: Iterable[AccessEvent], mode: Mode = Mode.DETECT) -> Iterator[Alert]:
        """Alerts, as they are raised, over a stream of events."""
        for ev in events:
            yield from self.observe(ev, mode)
