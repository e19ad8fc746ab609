"""Privacy family: a patient on the VIP list opened by someone outside that patient's
known care relationships (the actors who accessed that patient while learning)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Any

from phiscope.errors import ConfigError
from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import PATIENT_EVENTS, Detector, Mode
from phiscope.watch.events import AccessEvent


class VipAccessDetector(Detector):
    """Access to a VIP patient's record by an actor new to that patient."""

    id = "vip-access"
    family = "privacy"
    summary = "VIP patient's record opened by an actor with no earlier access to that patient"
    kinds = PATIENT_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        s = self.settings
        vips = {str(p) for p in s.get("vip_patients", [])}
        if s.get("vip_file"):
            path = config.path(str(s["vip_file"]))
            try:
                vips |= {ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()}
            except OSError as e:
                raise ConfigError(f"cannot read the VIP list {path}") from e
        self.vips = frozenset(vips)
        self.allowed_roles = frozenset(str(r) for r in s.get("allowed_roles", []))
        self.team: dict[str, set[str]] = defaultdict(set)  # vip patient -> actors who accessed
        self.alerted: set[tuple[str, str]] = set()

    def watched_patients(self) -> Collection[str]:
        return self.vips

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if not self.vips or not ev.patients:
            return []
        out: list[Alert] = []
        for p in ev.patients:
            if p not in self.vips:
                continue
            team = self.team[p]
            if mode is Mode.LEARN or ev.actor in team or ev.role in self.allowed_roles:
                if mode is not Mode.FROZEN:
                    team.add(ev.actor)
                continue
            if (ev.actor, p) in self.alerted:
                continue
            self.alerted.add((ev.actor, p))
            text = (f"{ev.actor} ({ev.role or 'no role'}) opened the record of a patient on the VIP list; "
                    f"it never accessed that patient before, while {len(team)} other staff did. "
                    f"Curiosity access to VIP records is a classic privacy breach.")
            out.append(Alert(self.id, self.family, ev.ts, ev.actor, text, role=ev.role, host=ev.host,
                             source=ev.source, line=ev.line,
                             evidence={"vip_patients": 1, "care_team": len(team),
                                       "patient_ref": self.config.patient_ref(p)}))
        return out

    def state(self) -> dict[str, Any]:
        if not self.config.stable_refs:  # VIP care teams name patients: only under the user's key
            return {}
        ref = self.config.patient_ref
        return {"team": {ref(p): sorted(t) for p, t in self.team.items()},
                "alerted": sorted([a, ref(p)] for a, p in self.alerted)}

    def load_state(self, data: Mapping[str, Any]) -> None:
        by_ref = {self.config.patient_ref(p): p for p in self.vips}
        for r, actors in dict(data.get("team", {})).items():
            if r in by_ref:
                self.team[by_ref[r]].update(str(a) for a in actors)
        self.alerted |= {(str(a), by_ref[r]) for a, r in data.get("alerted", []) if r in by_ref}
