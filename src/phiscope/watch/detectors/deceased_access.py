"""Privacy family: a deceased patient's record opened after the grace period, by a role whose
work does not go on after a death (dead people's identities are sold and used for fraud)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors._pairs import PairMemory
from phiscope.watch.detectors.base import PATIENT_EVENTS, Detector, Mode
from phiscope.watch.events import AccessEvent


class DeceasedAccessDetector(Detector):
    """Access to a patient's record more than ``grace_days`` after the date of death, except by
    allowed roles (each within its own limit)."""

    id = "deceased-access"
    family = "privacy"
    summary = "deceased patient's record opened after the grace period by a role with no work on it"
    kinds = PATIENT_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        s = self.settings
        self.deaths = config.people.deaths
        self.grace = int(s.get("grace_days", 30))
        self.allowed = {str(r): int(d) for r, d in dict(s.get("allowed_roles", {})).items()}
        self.max_per_day = int(s.get("max_alerts_per_day", 5))
        self.pairs = PairMemory(config, bool(s.get("learn", True)))
        self.today: dict[str, tuple[int, int]] = {}  # actor -> (day, deceased patients alerted that day)

    def watched_patients(self) -> Collection[str]:
        return self.deaths

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if not self.deaths or not ev.patients:
            return []
        out: list[Alert] = []
        for p in ev.patients:
            died = self.deaths.get(p)
            if died is None:
                continue
            day = self.local_day(ev.ts)
            after = day - died
            limit = self.allowed.get(ev.role)
            if after <= self.grace or (limit is not None and (limit == 0 or after <= limit)):
                continue
            last_day, n = self.today.get(ev.actor, (day, 0))
            n = n if last_day == day else 0
            if n >= self.max_per_day and mode is not Mode.LEARN:
                continue  # enough alerts for this account today; its incident is open
            ref = self.pairs.check(ev.actor, p, mode)
            if ref is None:
                continue
            self.today[ev.actor] = (day, n + 1)
            out.append(self._alert(ev, ref, after, n + 1))
        return out

    def _alert(self, ev: AccessEvent, ref: str, after: int, n: int) -> Alert:
        ago = "1 to 3 months" if after <= 90 else "3 to 12 months" if after <= 365 else "more than a year"
        text = (f"{ev.actor} ({ev.role or 'no role'}) opened the record of patient {ref}, who died {ago} "
                f"before (recorded date of death; grace period {self.grace} days); its role does not work on "
                f"records after a death. Deceased patient {n} it opened today. Identities of the dead are "
                f"used for fraud.")
        return Alert(self.id, self.family, ev.ts, ev.actor, text, severity="high" if n > 1 else "medium",
                     role=ev.role, host=ev.host, source=ev.source, line=ev.line,
                     evidence={"patient_ref": ref, "died": ago, "deceased_today": n})

    def state(self) -> dict[str, Any]:
        return {**self.pairs.state(), "today": {a: list(v) for a, v in self.today.items()}}

    def load_state(self, data: Mapping[str, Any]) -> None:
        self.pairs.load(data)
        self.today.update({str(a): (int(d), int(n)) for a, (d, n) in dict(data.get("today", {})).items()})
