"""Which laws apply to a group of people, and what each one owes them (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

from phiscope.obligations.elements import ElementMap
from phiscope.obligations.facts import Group
from phiscope.obligations.incident import Incident
from phiscope.obligations.loader import RuleBook
from phiscope.obligations.schema import Deadline, Jurisdiction, Rule, deadline
from phiscope.obligations.steps import LawDuty, Offer, Trace

NOT_APPLICABLE = LawDuty("", applies=False)


@dataclass(frozen=True)
class Context:
    """What every evaluation reads: the rules, the element map and the incident."""

    book: RuleBook
    emap: ElementMap
    incident: Incident


def hipaa_duty(ctx: Context, g: Group, t: Trace) -> LawDuty:
    """HIPAA's duties toward the group: applies to unsecured PHI of a covered entity or BA."""
    h, inc = ctx.book.hipaa, ctx.incident
    applies_to = h.rule("applies_to")
    if inc.entity_type not in applies_to.value:
        t.add("HIPAA", "entity", f"not applicable: entity type is {inc.entity_type}", applies_to)
        return LawDuty("HIPAA", applies=False)
    t.add("HIPAA", "entity", f"{inc.entity_type.replace('_', ' ')}: the rule applies", applies_to)
    if not (g.elements or g.name_exposed):
        t.add("HIPAA", "PHI", "no element exposed", h.rule("phi_trigger"))
        return LawDuty("HIPAA", applies=False)
    t.add("HIPAA", "PHI", f"exposed: {', '.join(sorted(g.elements)) or 'name'}", h.rule("phi_trigger"))
    if not _unsecured(h, "HIPAA", inc, t):
        return LawDuty("HIPAA", applies=False)
    risk = h.rule("risk_assessment")
    if inc.risk.low_probability_of_compromise:
        t.add("HIPAA", "risk assessment", "low probability of compromise shown: not a breach", risk)
        return LawDuty("HIPAA", applies=False)
    t.add("HIPAA", "risk assessment", "presumed a breach (no low-probability showing)", risk)
    ind = h.rule("individual_deadline")
    t.add("HIPAA", "individual notice", deadline(ind.value).describe(), ind)
    return LawDuty(
        "HIPAA",
        True,
        individual=deadline(ind.value),
        individual_rule=ind,
        content=tuple(h.rule("content_required").value),
        prohibited=tuple(h.rule("content_prohibited").value),
    )


def _unsecured(j: Jurisdiction, law: str, inc: Incident, t: Trace) -> bool:
    """False when the encryption safe harbor takes the data out of the law."""
    harbor = j.rule("encryption_safe_harbor")
    if not inc.encrypted:
        t.add(law, "encryption", "data not encrypted", harbor)
        return True
    if not (harbor.known and harbor.value):
        t.add(law, "encryption", "no encryption safe harbor recorded: notice still owed", harbor)
        return True
    voids = j.rule("key_compromise_voids_safe_harbor")
    if not inc.key_compromised:
        t.add(law, "encryption", "encrypted and key not compromised: safe harbor, no notice", harbor)
        return False
    if voids.known and not voids.value:
        t.add(law, "encryption", "encrypted; key compromise does not void the safe harbor", voids)
        return False
    why = "" if voids.known else " (rule unknown: phiscope assumes it does)"
    t.add(law, "encryption", f"encrypted but the key was compromised: safe harbor lost{why}", voids)
    return True


def state_duty(ctx: Context, g: Group, hipaa_applies: bool, t: Trace) -> LawDuty | None:
    """The residence state's duties toward the group, or None when no state law is known."""
    j = ctx.book.state(g.state)
    if j is None:
        t.add("state", "residence", f"no US state or territory rule for residence {g.state or 'unknown'}")
        return None
    doing = ctx.incident.states_doing_business
    if doing and j.code not in doing:
        t.add(
            j.code,
            "residence",
            f"out-of-state resident: the entity does not list {j.code} among its "
            "states; phiscope applies the residence state's law anyway",
        )
    if not _pi_triggered(ctx, j, g, t) or not _unsecured(j, j.code, ctx.incident, t):
        return LawDuty(j.code, applies=False)
    if _harm_exempt(j, ctx.incident, t):
        return LawDuty(j.code, applies=False)
    deemed = _deemed(j, ctx.incident, hipaa_applies, t)
    return LawDuty(
        j.code,
        True,
        deemed,
        *_individual(j, deemed, t),
        offers=_offers(ctx, j, g, deemed, t),
        content=_list(j, "content_required", "letter_content" in deemed, t),
        prohibited=_list(j, "content_prohibited", "letter_content" in deemed, t),
    )


def categories(ctx: Context, j: Jurisdiction, g: Group) -> set[str]:
    """The group's exposed categories that are personal information under ``j``."""
    pi = set(j.rule("pi_elements").value)
    cats = set(ctx.emap.categories_for(g.elements)) & pi
    return cats if g.name_exposed else cats & set(j.rule("no_name_elements").value)


def _pi_triggered(ctx: Context, j: Jurisdiction, g: Group, t: Trace) -> bool:
    cats = categories(ctx, j, g)
    rule = j.rule("pi_elements") if g.name_exposed or not cats else j.rule("no_name_elements")
    if not cats:
        name = "" if g.name_exposed else " (name not exposed)"
        t.add(j.code, "personal information", f"no element is personal information here{name}", rule)
        return False
    t.add(j.code, "personal information", f"triggered by {', '.join(sorted(cats))}", rule)
    return True


def _harm_exempt(j: Jurisdiction, inc: Incident, t: Trace) -> bool:
    rule = j.rule("risk_of_harm")
    if not inc.no_harm_determination:
        return False
    if rule.known and rule.value in ("exception", "built_in"):
        t.add(j.code, "risk of harm", "documented no-harm determination: no notice owed", rule)
        return True
    t.add(j.code, "risk of harm", "no-harm determination does not remove this law's duty", rule)
    return False


def _deemed(j: Jurisdiction, inc: Incident, hipaa_applies: bool, t: Trace) -> frozenset[str]:
    rule = j.rule("hipaa_deemed_compliance")
    if not (inc.hipaa_entity and hipaa_applies):
        return frozenset()
    if not rule.known:
        t.add(j.code, "HIPAA deemed compliance", "unknown: phiscope assumes none", rule)
        return frozenset()
    deemed = frozenset(rule.value)
    if deemed and not rule.verified:
        t.add(
            j.code,
            "HIPAA deemed compliance",
            f"unverified claim that HIPAA compliance satisfies "
            f"{', '.join(sorted(deemed))}: phiscope keeps the state's duties",
            rule,
        )
        return frozenset()
    t.add(
        j.code,
        "HIPAA deemed compliance",
        f"HIPAA compliance satisfies: {', '.join(sorted(deemed)) or 'nothing'}",
        rule,
    )
    return deemed


def _individual(j: Jurisdiction, deemed: frozenset[str], t: Trace) -> tuple[Deadline | None, Rule]:
    rule = j.rule("individual_deadline")
    if "individual_notice" in deemed:
        t.add(j.code, "individual notice", "satisfied by the HIPAA notice", rule)
        return None, rule
    t.add(j.code, "individual notice", deadline(rule.value).describe(), rule)
    return deadline(rule.value), rule


def _offers(ctx: Context, j: Jurisdiction, g: Group, deemed: frozenset[str], t: Trace) -> tuple[Offer, ...]:
    rule = j.rule("credit_monitoring")
    if not rule.known:
        t.add(j.code, "credit monitoring", "unknown whether a mandate exists: check", rule)
        return ()
    v = rule.value
    if not v or "credit_monitoring" in deemed:
        return ()
    hit = sorted(set(v["trigger"]) & set(ctx.emap.categories_for(g.elements)))
    if not hit or (v["condition"] == "entity_caused" and not ctx.incident.entity_caused):
        return ()
    t.add(j.code, "credit monitoring", f"offer {v['months']} months (exposed: {', '.join(hit)})", rule)
    return (Offer(j.code, int(v["months"]), rule),)


def _list(j: Jurisdiction, key: str, deemed: bool, t: Trace) -> tuple[str, ...]:
    rule = j.rule(key)
    if deemed or not rule.known or not rule.value:
        return ()
    t.add(j.code, key.replace("_", " "), "; ".join(rule.value), rule)
    return tuple(rule.value)
