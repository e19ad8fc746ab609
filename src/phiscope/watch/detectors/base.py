"""What a detector is.

A detector sees every event in time order (``observe``) and returns the alerts it raises.
In ``LEARN`` mode it only learns; in ``DETECT`` it alerts and keeps learning from what did
not alert; in ``FROZEN`` it alerts and learns nothing (batch over new data with baselines
from history). Its settings come from ``[detectors.<id>]`` of the config.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.events import AccessEvent


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

    def __init__(self, config: WatchConfig) -> None:
        self.config = config
        self.settings = config.detector(self.id)
        self.offset_s = float(config.general.get("utc_offset_hours", 0)) * 3600

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        """Alerts raised by this event (always [] in LEARN mode)."""
        raise NotImplementedError

    def local_hour(self, ts: float) -> int:
        """Hour of day at the site."""
        return int(((ts + self.offset_s) % 86400) // 3600)

    def local_day(self, ts: float) -> int:
        """Day number at the site."""
        return int((ts + self.offset_s) // 86400)
