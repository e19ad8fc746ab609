"""What a detector is.

A detector sees every event in time order (``observe``) and returns the alerts it raises.
In ``LEARN`` mode it only learns; in ``DETECT`` it alerts and keeps learning from what did
not alert; in ``FROZEN`` it alerts and learns nothing (batch over new data with baselines
from history). Its settings come from ``[detectors.<id>]`` of the config.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import Enum
from typing import Any, ClassVar

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.events import AccessEvent

PATIENT_EVENTS = frozenset({"patients"})  # detectors of accesses to named patients
DATA_EVENTS = frozenset({"patients", "plain"})  # everything but network flows
CONNECT_EVENTS = frozenset({"connect"})  # network flows only


class Mode(Enum):
    """How a detector treats an event."""

    LEARN = "learn"
    DETECT = "detect"
    FROZEN = "frozen"


class Detector:
    """Base class of detectors."""

    id: ClassVar[str] = ""
    family: ClassVar[str] = "exfiltration"
    summary: ClassVar[str] = ""
    # The kinds of event it looks at (the engine does not call it for others): "patients"
    # (names patients), "plain" (no patients, not a network flow), "connect" (a network flow).
    kinds: ClassVar[frozenset[str]] = frozenset({"patients", "plain", "connect"})

    def __init__(self, config: WatchConfig) -> None:
        self.config = config
        self.settings = config.detector(self.id)
        self.offset_s = float(config.general.get("utc_offset_hours", 0)) * 3600

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        """Alerts raised by this event (always [] in LEARN mode)."""
        raise NotImplementedError

    def watched_patients(self) -> Collection[str] | None:
        """The only patients whose events it needs to see (None: every event of its kinds).
        The engine then calls it only for events naming one of them."""
        return None

    def notes(self) -> list[str]:
        """Plain-words remarks for the run summary (rules skipped, matches not alerted)."""
        return []

    def state(self) -> dict[str, Any]:
        """What it learned, JSON-ready, for ``--state`` (never patient identifiers: patient-linked
        entries use ``config.patient_ref`` and only when ``config.stable_refs``)."""
        return {}

    def load_state(self, data: Mapping[str, Any]) -> None:
        """Restore what ``state`` returned in an earlier run."""
        return None

    def local_hour(self, ts: float) -> int:
        """Hour of day at the site."""
        return int(((ts + self.offset_s) % 86400) // 3600)

    def local_day(self, ts: float) -> int:
        """Day number at the site."""
        return int((ts + self.offset_s) // 86400)
