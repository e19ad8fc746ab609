"""Privacy family: a patient on the VIP list opened by someone outside that patient's
known care relationships (the actors who accessed that patient while learning)."""

from __future__ import annotations

from collections import defaultdict

from phiscope.errors import ConfigError
from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Detector, Mode
from phiscope.watch.events import AccessEvent


class VipAccessDetector(Detector):
    """Access to a VIP patient's record by an actor new to that patient."""

    id = "vip-access"
    family = "privacy"
    summary = "VIP patient's record opened by an actor with no earlier access to that patient"

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
                             evidence={"vip_patients": 1, "care_team": len(team)}))
        return out
