"""``--explain PERSON_ID``: rule by rule, with citations, why one person is owed what."""

from __future__ import annotations

from phiscope.obligations.applies import Context
from phiscope.obligations.elements import load_element_map
from phiscope.obligations.engine import Evaluation
from phiscope.obligations.evaluate import evaluate_group
from phiscope.obligations.facts import Group, PersonFacts
from phiscope.obligations.loader import RuleBook, load_rulebook


def explain(ev: Evaluation, person: PersonFacts, book: RuleBook | None = None) -> list[dict[str, object]]:
    """Steps for the person, then the case-level notices that count them (their state, HIPAA)."""
    ctx = Context(book or load_rulebook(), load_element_map(), ev.incident)
    res = evaluate_group(ctx, Group.of(person))
    rows = [{"step": i, **s.row()} for i, s in enumerate(res.trace.steps, start=1)]
    state = res.group.state or ""
    laws = set(res.laws())
    n = len(rows)
    for notice in ev.notices:
        if notice.obligation == "individual notice" or notice.law not in laws:
            continue
        if notice.law == "HIPAA" and notice.obligation == "media notice" and state not in notice.recipient:
            continue
        n += 1
        r = notice.row()
        rows.append(
            {
                "step": n,
                "law": notice.law,
                "topic": notice.obligation,
                "finding": _finding(notice.recipient, r),
                "rule": notice.rule.ref if notice.rule else "",
                "citation": r["citation"],
                "verified": r["verified"],
            }
        )
    if not res.owed:
        rows.append(
            {
                "step": n + 1,
                "law": "",
                "topic": "result",
                "finding": "no notice is owed to this person",
                "rule": "",
                "citation": "",
                "verified": "",
            }
        )
    return rows


def _finding(recipient: str, r: dict[str, object]) -> str:
    due = f", due {r['due']}" if r["due"] else ""
    detail = f" ({r['detail']})" if r["detail"] else ""
    return f"{recipient}: {r['deadline']}{due}{detail}"
