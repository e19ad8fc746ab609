"""The watch engine: every enabled detector over events in time order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Detector, Mode
from phiscope.watch.detectors.registry import enabled_detectors
from phiscope.watch.events import AccessEvent
from phiscope.watch.incidents import IncidentGrouper


class WatchEngine:
    """Detectors plus incident grouping. Roles missing from events come from the config's
    actor directory (peer groups)."""

    def __init__(self, config: WatchConfig, detectors: list[Detector] | None = None) -> None:
        self.config = config
        self.detectors = detectors if detectors is not None else enabled_detectors(config)
        self.directory = dict(config.directory)
        gap = float(config.general.get("incident_gap_minutes", 120)) * 60
        self.incidents = IncidentGrouper(gap)

    def observe(self, ev: AccessEvent, mode: Mode = Mode.DETECT) -> list[Alert]:
        """Alerts this event raises (grouped into incidents as a side effect)."""
        if not ev.role:
            ev.role = self.directory.get(ev.actor, "")
        out: list[Alert] = []
        for d in self.detectors:
            found = d.observe(ev, mode)
            if found:
                out.extend(found)
        for a in out:
            self.incidents.add(a)
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
