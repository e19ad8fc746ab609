"""Privacy family: an account opens the record of a patient who lives with the account holder
(same household id, or same home address) or in the same building (a neighbour)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors._pairs import PairMemory
from phiscope.watch.detectors.base import PATIENT_EVENTS, Detector, Mode
from phiscope.watch.events import AccessEvent

_WHY = {"household": ("is in the user's household (same household id)", "medium"),
        "home": ("lives at the user's home address", "medium"),
        "building": ("lives at the user's street address, in another unit (a neighbour)", "low")}


class SameAddressDetector(Detector):
    """First access by an account to a patient sharing its household or street address."""

    id = "same-address"
    family = "privacy"
    summary = "record of a patient in the account holder's household, home or building opened"
    kinds = PATIENT_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        self.people = config.people
        self.relations = frozenset(str(k) for k in self.settings.get("relations", list(_WHY)))
        self.pairs = PairMemory(config, bool(self.settings.get("learn", True)))

    def watched_patients(self) -> Collection[str]:
        return self.people.address_matches

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        matches = self.people.address_matches
        if not matches or not ev.patients:
            return []
        out: list[Alert] = []
        for p in ev.patients:
            by_actor = matches.get(p)
            m = by_actor.get(ev.actor) if by_actor is not None else None
            if m is None or m.kind not in self.relations:
                continue
            ref = self.pairs.check(ev.actor, p, mode)
            if ref is None:
                continue
            why, severity = _WHY[m.kind]
            text = (f"{ev.actor} ({ev.role or 'no role'}) opened the record of patient {ref}, who {why}. "
                    f"It never opened this patient's record while learning. Looking up family members or "
                    f"neighbours without a work reason is a classic privacy breach.")
            out.append(Alert(f"{self.id}:{m.kind}", self.family, ev.ts, ev.actor, text, severity=severity,
                             role=ev.role, host=ev.host, source=ev.source, line=ev.line,
                             evidence={"patient_ref": ref, "relation": m.kind}))
        return out

    def state(self) -> dict[str, Any]:
        return self.pairs.state()

    def load_state(self, data: Mapping[str, Any]) -> None:
        self.pairs.load(data)
