"""Privacy family: an account opens the record of a patient who carries the account holder's
surname (family snooping). How common the surname is in the patient directory weighs the
match: a very common surname alerts only when the patient also lives in the holder's ZIP code."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors._pairs import PairMemory
from phiscope.watch.detectors.base import PATIENT_EVENTS, Detector, Mode
from phiscope.watch.events import AccessEvent


class SameSurnameDetector(Detector):
    """First access by an account to a patient with the same surname (staff and patient directories)."""

    id = "same-surname"
    family = "privacy"
    summary = "record of a patient with the account holder's surname opened (common surnames: same ZIP only)"
    kinds = PATIENT_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        self.people = config.people
        self.max_share = float(self.settings.get("max_surname_share", 0.0005))
        self.min_count = int(self.settings.get("common_min_patients", 3))
        self.pairs = PairMemory(config, bool(self.settings.get("learn", True)))
        self.common = 0  # matches not alerted because the surname is too common

    def watched_patients(self) -> Collection[str]:
        return self.people.surname_matches

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        matches = self.people.surname_matches
        if not matches or not ev.patients:
            return []
        out: list[Alert] = []
        for p in ev.patients:
            actors = matches.get(p)
            if actors is None or ev.actor not in actors:
                continue
            weight = self._weigh(ev.actor, p)
            if weight is None:
                self.common += mode is not Mode.LEARN
                continue
            ref = self.pairs.check(ev.actor, p, mode)
            if ref is not None:
                out.append(self._alert(ev, ref, *weight))
        return out

    def _weigh(self, actor: str, patient: str) -> tuple[str, str, dict[str, Any]] | None:
        total = self.people.patients_total
        limit = max(self.max_share * total, self.min_count)  # more patients than this: common
        share = self.people.surname_share.get(actor, 0.0)
        n = round(share * total)
        if n <= limit:
            return (f"a surname {n:,} of {total:,} patients in the directory carry ({share:.3%})", "medium",
                    {"surname_patients": n})
        nz = round(self.people.surname_zip_share.get(actor, 1.0) * total)
        if actor in self.people.same_zip.get(patient, ()) and nz <= limit:
            return (f"the surname is common ({n:,} of {total:,} patients carry it), but the patient also "
                    f"lives in the user's ZIP code, which only {nz:,} patients with that surname do", "low",
                    {"surname_patients": n, "surname_zip_patients": nz})
        return None

    def _alert(self, ev: AccessEvent, ref: str, weigh: str, severity: str, counts: dict[str, Any]) -> Alert:
        text = (f"{ev.actor} ({ev.role or 'no role'}) opened the record of patient {ref}, whose surname "
                f"matches the user's surname: {weigh}. It never opened this patient's record while "
                f"learning. Looking up relatives without a work reason is a classic privacy breach.")
        return Alert(self.id, self.family, ev.ts, ev.actor, text, severity=severity, role=ev.role,
                     host=ev.host, source=ev.source, line=ev.line,
                     evidence={"patient_ref": ref, "patients_in_directory": self.people.patients_total,
                               **counts})

    def notes(self) -> list[str]:
        if not self.common:
            return []
        return [f"same-surname: {self.common:,} accesses to patients with a staff member's common surname "
                f"were not alerted (more than {self.max_share:.3%} of patients, and more than "
                f"{self.min_count}, carry it)"]

    def state(self) -> dict[str, Any]:
        return self.pairs.state()

    def load_state(self, data: Mapping[str, Any]) -> None:
        self.pairs.load(data)
