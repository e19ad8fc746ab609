"""The rule schema: every rule value is a table ``{value, citation, verified}`` or ``{known = false, ...}``.

A rule whose value the reference does not know says so (``known = false``) instead of guessing; the
evaluator then falls back to a stated default and names the rule in its output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DUTIES = ("individual_notice", "letter_content", "regulator_notice", "cra_notice", "credit_monitoring")
ANCHORS = ("discovery", "individual_notice", "before_individual_notice", "hhs_notice", "year_end")
UNITS = ("calendar_days", "business_days")
HARM = ("none", "exception", "built_in", "limited")
CONDITIONS = ("always", "entity_caused", "hhs_notified", "licensed_health_facility")


@dataclass(frozen=True)
class Rule:
    """One rule value with its provenance."""

    jurisdiction: str
    key: str
    value: Any
    known: bool
    citation: str
    verified: bool
    note: str = ""

    @property
    def ref(self) -> str:
        """``CT.individual_deadline``."""
        return f"{self.jurisdiction}.{self.key}"


@dataclass(frozen=True)
class Threshold:
    """``op n``: ``> 500`` or ``>= 250``."""

    op: str
    n: int

    def met(self, count: int) -> bool:
        """True when ``count`` crosses the threshold."""
        return count > self.n if self.op == ">" else count >= self.n

    def __str__(self) -> str:
        return f"{self.op} {self.n:,}"


@dataclass(frozen=True)
class Deadline:
    """Days after an anchor event; no ``days`` means no fixed day count."""

    anchor: str
    days: int | None = None
    unit: str = "calendar_days"
    or_individual_notice: bool = False  # whichever comes first: this or the individual notice

    def describe(self) -> str:
        """Plain words: ``60 calendar days after discovery``."""
        if self.anchor == "before_individual_notice":
            return "before the individual notice"
        if self.days is None:
            return "without unreasonable delay (no fixed day count)"
        what = {
            "discovery": "discovery",
            "individual_notice": "the individual notice",
            "hhs_notice": "the HHS notice",
            "year_end": "the end of the calendar year of discovery",
        }
        if self.days == 0:
            return f"at the same time as {what[self.anchor]}"
        tail = " (or at the individual notice, if sooner)" if self.or_individual_notice else ""
        return f"{self.days} {self.unit.replace('_', ' ')} after {what[self.anchor]}{tail}"


def threshold(v: Any) -> Threshold:
    """A Threshold from a rule value."""
    return Threshold(str(v["op"]), int(v["n"]))


def deadline(v: Any) -> Deadline:
    """A Deadline from a rule value."""
    return Deadline(
        str(v["anchor"]),
        v.get("days"),
        str(v.get("unit", "calendar_days")),
        bool(v.get("or_individual_notice", False)),
    )


@dataclass(frozen=True)
class Jurisdiction:
    """HIPAA or one state/territory: its rules and any additional filings."""

    code: str
    name: str
    kind: str
    rules: dict[str, Rule]
    extra_notices: tuple[Rule, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def rule(self, key: str) -> Rule:
        """The rule ``key`` (KeyError names the jurisdiction)."""
        try:
            return self.rules[key]
        except KeyError:
            raise KeyError(f"{self.code} has no rule {key!r}") from None


Check = Callable[[Any], bool]


def _strs(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _threshold_ok(v: Any) -> bool:
    return isinstance(v, dict) and v.get("op") in (">", ">=") and isinstance(v.get("n"), int)


def _deadline_ok(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and v.get("anchor") in ANCHORS
        and isinstance(v.get("days", 0), int)
        and v.get("unit", "calendar_days") in UNITS
    )


def _table_ok(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(x, int | bool | str) for x in v.values())


def _monitoring_ok(v: Any) -> bool:
    return v == {} or (
        isinstance(v, dict)
        and isinstance(v.get("months"), int)
        and _strs(v.get("trigger"))
        and v.get("condition") in CONDITIONS
    )


def _extra_ok(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and isinstance(v.get("id"), str)
        and isinstance(v.get("recipient"), str)
        and v.get("condition") in CONDITIONS
        and _deadline_ok(v.get("deadline"))
    )


_STR: Check = lambda v: isinstance(v, str)  # noqa: E731
_BOOL: Check = lambda v: isinstance(v, bool)  # noqa: E731

COMMON: dict[str, Check] = {
    "statute": _STR,
    "encryption_safe_harbor": _BOOL,
    "key_compromise_voids_safe_harbor": _BOOL,
    "individual_deadline": _deadline_ok,
    "substitute_notice": _table_ok,
    "le_delay": _table_ok,
    "content_required": _strs,
    "content_prohibited": _strs,
    "minors": _STR,
    "deceased": _STR,
}
STATE_RULES: dict[str, Check] = {
    **COMMON,
    "pi_elements": _strs,
    "no_name_elements": _strs,
    "risk_of_harm": lambda v: v in HARM,
    "hipaa_deemed_compliance": lambda v: _strs(v) and set(v) <= set(DUTIES),
    "regulator_required": _BOOL,
    "cra_required": _BOOL,
    "cra_threshold": _threshold_ok,
    "cra_count_basis": lambda v: v in ("residents", "total"),
    "credit_monitoring": _monitoring_ok,
}
REGULATOR_RULES: dict[str, Check] = {
    "regulator_threshold": _threshold_ok,
    "regulator_deadline": _deadline_ok,
    "regulator_recipients": _STR,
    "regulator_form": _STR,
}
HIPAA_RULES: dict[str, Check] = {
    **COMMON,
    "applies_to": _strs,
    "phi_trigger": _STR,
    "risk_assessment": _strs,
    "media_threshold": _threshold_ok,
    "media_deadline": _deadline_ok,
    "hhs_threshold": _threshold_ok,
    "hhs_deadline_large": _deadline_ok,
    "hhs_deadline_small": _deadline_ok,
    "hhs_form": _STR,
    "ba_notice_deadline": _deadline_ok,
    "method": _STR,
}
EXTRA_CHECK: Check = _extra_ok
