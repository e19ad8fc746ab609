"""Memory of (account, patient) pairs shared by the privacy detectors: pairs seen while
learning (a known relationship) and pairs already alerted. Patients are held as keyed
references (``WatchConfig.patient_ref``), computed only for the rare events that match."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Mode


class PairMemory:
    """Known and alerted (account, patient reference) pairs."""

    def __init__(self, config: WatchConfig, learn: bool) -> None:
        self.config = config
        self.learn = learn
        self.known: set[tuple[str, str]] = set()
        self.alerted: set[tuple[str, str]] = set()

    def check(self, actor: str, patient: str, mode: Mode) -> str | None:
        """The patient's reference when this matching access should alert, else None (and, in
        LEARN mode, the pair is remembered as a known relationship)."""
        ref = self.config.patient_ref(patient)
        key = (actor, ref)
        if mode is Mode.LEARN:
            self.known.add(key)
            return None
        if (self.learn and key in self.known) or key in self.alerted:
            return None
        self.alerted.add(key)
        return ref

    def state(self) -> dict[str, Any]:
        """The pairs, when patient references are stable across runs (a user key is set)."""
        if not self.config.stable_refs:
            return {}
        return {"known": sorted(map(list, self.known)), "alerted": sorted(map(list, self.alerted))}

    def load(self, data: Mapping[str, Any]) -> None:
        """Restore ``state``'s pairs."""
        self.known |= {(str(a), str(r)) for a, r in data.get("known", [])}
        self.alerted |= {(str(a), str(r)) for a, r in data.get("alerted", [])}
