"""Incident facts (incident.toml): what the entity knows about the breach. Parsing is pure."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError, UsageError

ENTITY_TYPES = ("covered_entity", "business_associate", "other")
BREACH_TYPES = (
    "Hacking/IT Incident",
    "Improper Disposal",
    "Loss",
    "Theft",
    "Unauthorized Access/Disclosure",
    "Other",
)
LOCATIONS = (
    "Desktop Computer",
    "Electronic Medical Record",
    "Email",
    "Laptop",
    "Network Server",
    "Other Portable Electronic Device",
    "Paper/Films",
    "Other",
)
DELAY_KINDS = ("none", "written", "oral")


@dataclass(frozen=True)
class RiskAssessment:
    """HIPAA four-factor risk assessment (45 CFR 164.402(2))."""

    nature_and_extent: str = ""
    unauthorized_person: str = ""
    acquired_or_viewed: str = ""
    mitigated: str = ""
    low_probability_of_compromise: bool = False


@dataclass(frozen=True)
class LawEnforcementDelay:
    """A law-enforcement request to delay notice."""

    kind: str  # written | oral
    requested: dt.date
    until: dt.date | None = None  # written: the end of the period stated


@dataclass(frozen=True)
class Incident:
    """Everything about the breach the rules look at."""

    entity_name: str
    entity_type: str
    discovered: dt.date
    breach_type: str = "Other"
    locations: tuple[str, ...] = ()
    breach_start: dt.date | None = None
    breach_end: dt.date | None = None
    encrypted: bool = False
    key_compromised: bool = False
    risk: RiskAssessment = field(default_factory=RiskAssessment)
    no_harm_determination: bool = False
    le_delay: LawEnforcementDelay | None = None
    entity_caused: bool = True
    licensed_health_facility: bool = False
    states_doing_business: tuple[str, ...] = ()
    planned_notice: dt.date | None = None
    description: str = ""

    @property
    def hipaa_entity(self) -> bool:
        """A covered entity or business associate."""
        return self.entity_type in ("covered_entity", "business_associate")


def load_incident(path: str | Path) -> Incident:
    """Read and check incident.toml (UsageError if missing, ConfigError listing every problem)."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"incident file not found: {p} (create one with: phiscope incident init {p})")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: not valid TOML ({e})") from None
    return parse_incident(data, source=str(p))


def parse_incident(data: dict[str, Any], source: str = "incident") -> Incident:
    """An Incident from parsed TOML; every problem is reported at once."""
    problems: list[str] = []
    ent, br, enc = data.get("entity", {}), data.get("breach", {}), data.get("encryption", {})
    ra, le, nt = (
        data.get("risk_assessment", {}),
        data.get("law_enforcement_delay", {}),
        data.get("notice", {}),
    )
    discovered = _date(br, "discovered", problems, required=True)
    inc = Incident(
        entity_name=str(ent.get("name", "")),
        entity_type=_choice(ent, "type", ENTITY_TYPES, "other", problems),
        discovered=discovered or dt.date.min,
        breach_type=_choice(br, "type", BREACH_TYPES, "Other", problems),
        locations=tuple(_choices(br, "locations", LOCATIONS, problems)),
        breach_start=_date(br, "started", problems),
        breach_end=_date(br, "ended", problems),
        encrypted=_bool(enc, "encrypted", problems),
        key_compromised=_bool(enc, "key_compromised", problems),
        risk=_risk(ra, problems),
        no_harm_determination=_bool(data.get("harm", {}), "no_harm_determination", problems),
        le_delay=_delay(le, problems),
        entity_caused=_bool(ent, "caused_breach", problems, default=True),
        licensed_health_facility=_bool(ent, "licensed_health_facility", problems),
        states_doing_business=tuple(str(s).upper() for s in ent.get("states_doing_business", [])),
        planned_notice=_date(nt, "planned_individual_notice", problems),
        description=str(br.get("description", "")),
    )
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))
    return inc


def _risk(ra: dict[str, Any], problems: list[str]) -> RiskAssessment:
    return RiskAssessment(
        nature_and_extent=str(ra.get("nature_and_extent", "")),
        unauthorized_person=str(ra.get("unauthorized_person", "")),
        acquired_or_viewed=str(ra.get("acquired_or_viewed", "")),
        mitigated=str(ra.get("mitigated", "")),
        low_probability_of_compromise=_bool(ra, "low_probability_of_compromise", problems),
    )


def _date(section: dict[str, Any], key: str, problems: list[str], required: bool = False) -> dt.date | None:
    v = section.get(key)
    if v is None:
        if required:
            problems.append(f"{key} is required (a date such as 2026-01-02)")
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        problems.append(f"{key} must be a date such as 2026-01-02")
        return None


def _bool(section: dict[str, Any], key: str, problems: list[str], default: bool = False) -> bool:
    v = section.get(key, default)
    if not isinstance(v, bool):
        problems.append(f"{key} must be true or false")
        return default
    return v


def _choice(
    section: dict[str, Any], key: str, allowed: tuple[str, ...], default: str, problems: list[str]
) -> str:
    v = section.get(key, default)
    if v not in allowed:
        problems.append(f"{key} must be one of: {', '.join(allowed)}")
        return default
    return str(v)


def _choices(section: dict[str, Any], key: str, allowed: tuple[str, ...], problems: list[str]) -> list[str]:
    vals = section.get(key, [])
    bad = [v for v in vals if v not in allowed] if isinstance(vals, list) else [vals]
    if bad:
        problems.append(f"{key} values must be among: {', '.join(allowed)}")
    return [str(v) for v in vals if v in allowed] if isinstance(vals, list) else []


def _delay(le: dict[str, Any], problems: list[str]) -> LawEnforcementDelay | None:
    kind = _choice(le, "kind", DELAY_KINDS, "none", problems)
    if kind == "none":
        return None
    requested = _date(le, "requested", problems, required=True)
    until = _date(le, "until", problems, required=kind == "written")
    if requested and until and until < requested:
        problems.append("law_enforcement_delay.until is before requested")
    return LawEnforcementDelay(kind, requested or dt.date.min, until)
