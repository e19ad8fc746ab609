"""Per-group evaluation: the laws that apply, the notice owed, its deadline, recipient, content, offers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phiscope.obligations.applies import Context, hipaa_duty, state_duty
from phiscope.obligations.dates import Anchors, apply_delay, delay_end, due
from phiscope.obligations.facts import Group
from phiscope.obligations.schema import Deadline, Jurisdiction, Rule
from phiscope.obligations.steps import LawDuty, Offer, Trace

PARENT = "parent or guardian"
NEXT_OF_KIN = "next of kin or personal representative"


@dataclass(frozen=True)
class GroupResult:
    """What is owed to one group of people."""

    group: Group
    hipaa: LawDuty
    state: LawDuty | None
    recipient: str
    due: dt.date | None  # earliest fixed deadline of the individual notice (None: none fixed)
    due_law: str
    trace: Trace
    due_rule: Rule | None = None

    @property
    def owed(self) -> bool:
        """True when any law requires an individual notice (or HIPAA compliance stands in for it)."""
        return self.hipaa.applies or bool(self.state and self.state.applies)

    @property
    def offers(self) -> tuple[Offer, ...]:
        """Identity-protection offers owed to the group."""
        return self.state.offers if self.state else ()

    def laws(self) -> list[str]:
        """Codes of the laws that apply."""
        return [d.law for d in (self.hipaa, self.state) if d is not None and d.applies]


def evaluate_group(ctx: Context, g: Group) -> GroupResult:
    """Evaluate every applicable law for one group."""
    t = Trace()
    h = hipaa_duty(ctx, g, t)
    s = state_duty(ctx, g, h.applies, t)
    recipient = _recipient(ctx, g, h.applies, t) if h.applies or (s and s.applies) else ""
    duties = [d for d in (h, s) if d is not None and d.applies]
    due_date, due_law = _earliest(ctx, duties, t)
    rule = next((d.individual_rule for d in duties if d.law == due_law), None)
    return GroupResult(g, h, s, recipient, due_date, due_law, t, rule)


def evaluate_groups(ctx: Context, groups: list[Group]) -> list[GroupResult]:
    """Evaluate each group (the rules depend only on the group's facts, not its size)."""
    return [evaluate_group(ctx, g) for g in groups]


def law_due(ctx: Context, code: str, d: Deadline, anchors: Anchors) -> dt.date | None:
    """A deadline of law ``code`` as a date, with that law's law-enforcement delay applied."""
    j = ctx.book.hipaa if code == "HIPAA" else ctx.book.states[code]
    return apply_delay(due(d, anchors), ctx.incident, *_delay_terms(j, ctx))


def _delay_terms(j: Jurisdiction, ctx: Context) -> tuple[dt.date | None, tuple[int, str] | None]:
    rule = j.rule("le_delay")
    if ctx.incident.le_delay is None or not rule.known or not rule.value.get("allowed"):
        return None, None
    v = rule.value
    end = delay_end(ctx.incident, v.get("oral_max_days"))
    resume = (int(v["resume_days"]), str(v.get("unit", "calendar_days"))) if "resume_days" in v else None
    return end, resume


def _earliest(ctx: Context, duties: list[LawDuty], t: Trace) -> tuple[dt.date | None, str]:
    anchors = Anchors(ctx.incident.discovered)
    dated = [(law_due(ctx, d.law, d.individual, anchors), d.law) for d in duties if d.individual]
    fixed = [(day, law) for day, law in dated if day is not None]
    if not fixed:
        return None, ""
    day, law = min(fixed)
    if ctx.incident.le_delay is not None:
        for d in duties:
            j = ctx.book.hipaa if d.law == "HIPAA" else ctx.book.states[d.law]
            t.add(d.law, "law-enforcement delay", _delay_words(j, ctx), j.rule("le_delay"))
    t.add(law, "deadline", f"individual notice due {day.isoformat()} (earliest applicable)")
    return day, law


def _delay_words(j: Jurisdiction, ctx: Context) -> str:
    end, resume = _delay_terms(j, ctx)
    if end is None:
        return "delay not applied (not allowed, unknown, or no end date given)"
    if resume:
        return f"delay ends {end.isoformat()}; notice within {resume[0]} {resume[1].replace('_', ' ')} after"
    return f"delay ends {end.isoformat()}; the clock is tolled for the length of the delay"


def _recipient(ctx: Context, g: Group, hipaa_applies: bool, t: Trace) -> str:
    j = ctx.book.state(g.state)
    if g.is_deceased:
        rule = ctx.book.hipaa.rule("deceased") if hipaa_applies else (j.rule("deceased") if j else None)
        dflt = "" if rule is not None and rule.known else " (rule unknown: phiscope default)"
        t.add(rule.jurisdiction if rule else "phiscope", "recipient", f"deceased: {NEXT_OF_KIN}{dflt}", rule)
        return NEXT_OF_KIN
    if g.is_minor:
        rule = j.rule("minors") if j else ctx.book.hipaa.rule("minors")
        dflt = "" if rule.known else " (rule unknown: phiscope default)"
        t.add(rule.jurisdiction, "recipient", f"minor: {PARENT}{dflt}", rule)
        return PARENT
    return "the individual"
