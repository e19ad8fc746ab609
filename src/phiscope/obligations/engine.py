"""The whole evaluation: groups -> per-group duties -> notices, calendar and the banner (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phiscope.obligations.applies import Context
from phiscope.obligations.dates import HOLIDAYS_NOTE
from phiscope.obligations.elements import ElementMap, load_element_map
from phiscope.obligations.evaluate import GroupResult, evaluate_groups
from phiscope.obligations.facts import Group
from phiscope.obligations.incident import Incident
from phiscope.obligations.loader import RuleBook, load_rulebook
from phiscope.obligations.notices import Notice, counts, hipaa_notices, individual_notices
from phiscope.obligations.schema import Rule
from phiscope.obligations.state_notices import offers, state_notices, substitute_notices

DISCLAIMER = "Decision support, not legal advice: have counsel confirm every obligation before acting."


@dataclass(frozen=True)
class Evaluation:
    """Everything ``phiscope obligations`` reports."""

    incident: Incident
    results: list[GroupResult]
    notices: list[Notice]

    def rules_used(self) -> list[Rule]:
        """Every rule a conclusion rests on (distinct, in order of first use)."""
        seen: dict[str, Rule] = {}
        for r in self.results:
            for rule in r.trace.rules():
                seen.setdefault(rule.ref, rule)
        for n in self.notices:
            if n.rule is not None:
                seen.setdefault(n.rule.ref, n.rule)
        return list(seen.values())

    def unverified(self) -> list[Rule]:
        """Rules used that are unverified or unknown."""
        return [r for r in self.rules_used() if not r.verified]

    def banner(self) -> str:
        """The disclaimer, the holiday caveat and the unverified rules used."""
        bad = self.unverified()
        lines = [DISCLAIMER, f"Deadlines: {HOLIDAYS_NOTE}."]
        if bad:
            lines.append(
                f"{len(bad)} rule(s) used are not verified against statute text: "
                + ", ".join(r.ref + ("" if r.known else " (unknown)") for r in bad)
            )
        return "\n".join(lines)

    def calendar(self) -> list[dict[str, object]]:
        """Every dated deadline in date order, from the discovery date, then the undated ones."""
        inc = self.incident
        rows: list[dict[str, object]] = [_event(inc.discovered, "breach discovered (day 0)")]
        if inc.le_delay is not None:
            rows.append(
                _event(inc.le_delay.requested, f"law-enforcement delay requested ({inc.le_delay.kind})")
            )
            if inc.le_delay.until:
                rows.append(_event(inc.le_delay.until, "law-enforcement delay ends"))
        for n in self.notices:
            rows.append(
                {
                    **_event(n.due, f"{n.obligation}: {n.recipient}"),
                    "law": n.law,
                    "people": n.people,
                    "deadline": n.when,
                    "verified": n.row()["verified"],
                }
            )
        for r in rows:
            d = r["date"]
            r["day"] = (d - inc.discovered).days if isinstance(d, dt.date) else ""
        rows.sort(key=lambda r: r["date"] if isinstance(r["date"], dt.date) else dt.date.max)
        return [
            {**r, "date": r["date"].isoformat() if isinstance(r["date"], dt.date) else "no fixed date"}
            for r in rows
        ]


def _event(day: dt.date | None, what: str) -> dict[str, object]:
    return {"date": day, "day": "", "event": what, "law": "", "people": "", "deadline": "", "verified": ""}


def evaluate(
    incident: Incident, groups: list[Group], *, book: RuleBook | None = None, emap: ElementMap | None = None
) -> Evaluation:
    """Evaluate every group against HIPAA and its residence state, then aggregate the notices."""
    ctx = Context(book or load_rulebook(), emap or load_element_map(), incident)
    results = evaluate_groups(ctx, groups)
    c = counts(results)
    fed = hipaa_notices(ctx, c)
    hhs = next((n for n in fed if n.obligation == "HHS notice"), None)
    notices = (
        individual_notices(results)
        + fed
        + state_notices(ctx, results, c, hhs)
        + substitute_notices(ctx, results)
        + offers(results)
    )
    return Evaluation(incident, results, notices)
