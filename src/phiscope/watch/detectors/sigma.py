"""Sigma rules (the shipped ones and the user's) on the access events of the log formats
their logsource fits; alerts carry the rule's title, id, level and description.

An account that matched a rule while learning is not alerted for it (``learn``): the backup
account's nightly ``pg_dump``, the ETL role's bulk S3 reads. pySigma is an optional extra
(LGPL-2.1): without it the shipped rules are off, and user rules are a configuration error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from phiscope.errors import ConfigError
from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Detector, Mode
from phiscope.watch.events import AccessEvent

if TYPE_CHECKING:
    from phiscope.watch.sigma_rules import RuleInfo, RuleSet

INSTALL_HINT = "pip install 'phiscope[sigma]'"
_SEVERITY = {"informational": "low", "low": "low", "medium": "medium", "high": "high", "critical": "high"}


class SigmaDetector(Detector):
    """Events matching a Sigma rule (or firing a Sigma correlation) by an account new to it."""

    id = "sigma"
    summary = "Sigma rules (shipped in watch/sigma/ and your rule_dirs) on the formats their logsource fits"

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        s = self.settings
        self.learn = bool(s.get("learn", True))
        self.realert_s = float(s.get("realert_hours", 24)) * 3600
        self.known: set[tuple[str, str]] = set()
        self.last_alert: dict[tuple[str, str], float] = {}
        self.rules = self._load(config)

    def _load(self, config: WatchConfig) -> RuleSet | None:
        s = self.settings
        folders = [config.path(str(f)) for f in s.get("rule_dirs", [])]
        try:
            from phiscope.watch.sigma_rules import load_rules
        except ImportError as e:
            if folders:
                raise ConfigError(f"Sigma rules need the optional pySigma package: {INSTALL_HINT}") from e
            self._missing = True
            return None
        self._missing = False
        if not folders and not s.get("builtin_rules", True):
            return None
        keywords = tuple(str(k) for k in s.get("keyword_fields", ["command", "object", "tool"]))
        builtin = bool(s.get("builtin_rules", True))
        return load_rules(builtin, folders, list(s.get("logsources", [])), keywords)

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if self.rules is None:
            return []
        rules = self.rules.by_source.get(ev.source)
        if not rules:
            return []
        out: list[Alert] = []
        for r in rules:
            if not r.match(ev):
                continue
            if r.output:
                self._hit(ev, mode, r.info, None, out)
            for corr, group, value in r.feeds:
                n = corr.feed(ev.ts, tuple(g(ev) for g in group), value(ev) if value else None)
                if n is not None:
                    self._hit(ev, mode, corr.info, n, out)
        return out

    def _hit(self, ev: AccessEvent, mode: Mode, info: RuleInfo, count: int | None, out: list[Alert]) -> None:
        key = (ev.actor, info.key)
        if mode is Mode.LEARN:
            self.known.add(key)
            return
        last = self.last_alert.get(key)
        if (self.learn and key in self.known) or (last is not None and ev.ts - last < self.realert_s):
            return
        self.last_alert[key] = ev.ts
        burst = f" ({count} matching events within the rule's timespan)" if count is not None else ""
        text = (f"{ev.actor} matched Sigma rule \"{info.title}\" (level {info.level}, id {info.key}){burst}"
                f"{'; it never did while learning' if self.learn else ''}. {info.description}").strip()
        evidence: dict[str, Any] = {"rule_id": info.key, "title": info.title, "level": info.level,
                                    "tags": list(info.tags)}
        if count is not None:
            evidence["count"] = count
        out.append(Alert(f"{self.id}:{info.key}", self.family, ev.ts, ev.actor, text,
                         severity=_SEVERITY.get(info.level, "medium"), role=ev.role, host=ev.host,
                         source=ev.source, line=ev.line, evidence=evidence))

    def notes(self) -> list[str]:
        if self._missing:
            return [f"sigma: the shipped Sigma rules are off: pySigma is not installed ({INSTALL_HINT})"]
        return list(self.rules.notes) if self.rules is not None else []

    def state(self) -> dict[str, Any]:
        return {"known": sorted(map(list, self.known)),
                "last_alert": [[a, k, t] for (a, k), t in sorted(self.last_alert.items())]}

    def load_state(self, data: Mapping[str, Any]) -> None:
        self.known |= {(str(a), str(k)) for a, k in data.get("known", [])}
        self.last_alert.update({(str(a), str(k)): float(t) for a, k, t in data.get("last_alert", [])})
