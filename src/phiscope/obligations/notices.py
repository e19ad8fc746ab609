"""Aggregated notices: one row per notice owed (to people, regulators, media, CRAs), with its deadline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from phiscope.obligations.applies import Context
from phiscope.obligations.dates import Anchors
from phiscope.obligations.evaluate import GroupResult, law_due
from phiscope.obligations.schema import Deadline, Rule, deadline, threshold


@dataclass(frozen=True)
class Notice:
    """One notice owed: what, under which law, to whom, about how many people, by when."""

    obligation: str
    law: str
    recipient: str
    people: int
    due: dt.date | None
    when: str
    rule: Rule | None = None
    detail: str = ""

    def row(self) -> dict[str, object]:
        """A flat output row."""
        r = self.rule
        return {
            "obligation": self.obligation,
            "law": self.law,
            "recipient": self.recipient,
            "people": self.people,
            "due": self.due.isoformat() if self.due else "",
            "deadline": self.when,
            "detail": self.detail,
            "verified": (r.verified if r.known else "unknown") if r else "",
            "citation": r.citation if r else "",
        }


@dataclass(frozen=True)
class Counts:
    """People counts the aggregate rules look at."""

    hipaa_total: int
    hipaa_by_state: dict[str, int]
    state_law: dict[str, int]  # residents owed notice under their state's law
    residents: dict[str, int]  # every affected resident of the state, owed or not
    first_due: dict[str, dt.date]  # earliest individual due date per state ("" = all)


def counts(results: list[GroupResult]) -> Counts:
    """Add up the groups."""
    hip: dict[str, int] = defaultdict(int)
    st: dict[str, int] = defaultdict(int)
    res: dict[str, int] = defaultdict(int)
    first: dict[str, dt.date] = {}
    for r in results:
        code, n = r.group.state or "", r.group.count
        res[code] += n
        if r.hipaa.applies:
            hip[code] += n
        if r.state and r.state.applies:
            st[code] += n
        if r.owed and r.due:
            for k in (code, ""):
                first[k] = min(first.get(k, r.due), r.due)
    return Counts(sum(hip.values()), dict(hip), dict(st), dict(res), first)


def individual_notices(results: list[GroupResult]) -> list[Notice]:
    """Individual notices grouped by residence, recipient and deadline."""
    acc: dict[tuple[str, str, dt.date | None, str], int] = defaultdict(int)
    rules: dict[tuple[str, str, dt.date | None, str], Rule | None] = {}
    for r in results:
        if r.owed:
            k = (r.group.state or "", r.recipient, r.due, "+".join(r.laws()))
            acc[k] += r.group.count
            rules[k] = r.due_rule
    out = []
    for (state, recipient, due, laws), n in sorted(acc.items(), key=lambda kv: (kv[0][0], str(kv[0][2]))):
        rule = rules[(state, recipient, due, laws)]
        when = deadline(rule.value).describe() if rule else "without unreasonable delay (no fixed day count)"
        detail = f"earliest: {rule.jurisdiction}" if rule else ""
        out.append(
            Notice(
                "individual notice",
                laws,
                f"{recipient} ({state or 'no US state'} residents)",
                n,
                due,
                when,
                rule,
                detail,
            )
        )
    return out


def hipaa_notices(ctx: Context, c: Counts) -> list[Notice]:
    """HHS, media (per State above 500) and business-associate notices."""
    if c.hipaa_total == 0:
        return []
    h = ctx.book.hipaa
    anchors = Anchors(ctx.incident.discovered, ctx.incident.planned_notice or c.first_due.get(""))
    big = threshold(h.rule("hhs_threshold").value).met(c.hipaa_total)
    rule = h.rule("hhs_deadline_large" if big else "hhs_deadline_small")
    out = [
        _dated(
            ctx,
            "HHS notice",
            "HIPAA",
            "Secretary of HHS (OCR breach portal)",
            c.hipaa_total,
            rule,
            anchors,
            detail=f"{'500 or more' if big else 'fewer than 500'} individuals",
        )
    ]
    media = threshold(h.rule("media_threshold").value)
    for code, n in sorted(c.hipaa_by_state.items()):
        if code and media.met(n):
            out.append(
                _dated(
                    ctx,
                    "media notice",
                    "HIPAA",
                    f"prominent media outlets serving {code}",
                    n,
                    h.rule("media_deadline"),
                    anchors,
                    detail=f"{n:,} residents {media}",
                )
            )
    if ctx.incident.entity_type == "business_associate":
        out.append(
            _dated(
                ctx,
                "notice to covered entity",
                "HIPAA",
                "the covered entity",
                c.hipaa_total,
                h.rule("ba_notice_deadline"),
                anchors,
                detail="identify each individual",
            )
        )
    return out


def _dated(
    ctx: Context,
    what: str,
    law: str,
    to: str,
    n: int,
    rule: Rule,
    anchors: Anchors,
    detail: str = "",
    d: Deadline | None = None,
) -> Notice:
    d = d or deadline(rule.value)
    return Notice(what, law, to, n, law_due(ctx, law, d, anchors), d.describe(), rule, detail)
