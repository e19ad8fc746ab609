"""Per person, from the obligations engine: who the letter goes to, under which laws, which content
blocks it must carry and must not carry, and the identity-protection offer.

Rules of composition (see docs in README "Notices"):

* every letter carries the base blocks (HIPAA's content, with California's title and headings);
* each applicable law adds the blocks its ``content_required`` strings ask for (content.toml maps
  strings to blocks); a state whose letter content HIPAA compliance satisfies still gets its blocks
  (extra content is harmless, missing content is not);
* ``content_prohibited`` of an applicable law removes blocks, and wins over any requirement: a
  Massachusetts letter gives the dates but not the nature of the breach, nor any count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from phiscope.notices.config import LetterConfig
from phiscope.notices.recipients import Recipient
from phiscope.notices.texts import ContentMap
from phiscope.obligations.engine import Evaluation
from phiscope.obligations.evaluate import NEXT_OF_KIN, PARENT, GroupResult
from phiscope.obligations.facts import Group
from phiscope.obligations.loader import RuleBook
from phiscope.obligations.steps import LawDuty

BASE = frozenset(
    {
        "title",
        "headings",
        "plain_language",
        "what_happened",
        "breach_dates",
        "elements",
        "what_we_do",
        "steps_you",
        "vigilance",
        "le_delay",
        "contact",
        "password_change",
    }
)
CREDENTIALS = frozenset({"username_password", "account_username"})


@dataclass(frozen=True)
class Plan:
    """What one person's letter must be."""

    owed: bool
    recipient: str  # individual | parent | family
    laws: tuple[str, ...]
    state_name: str
    required: frozenset[str]
    prohibited: frozenset[str]
    offer_months: int


def index_results(ev: Evaluation) -> dict[tuple[object, ...], GroupResult]:
    """Group key -> its evaluation."""
    return {r.group.key(): r for r in ev.results}


def plan_for(
    r: Recipient,
    results: dict[tuple[object, ...], GroupResult],
    book: RuleBook,
    cmap: ContentMap,
    cfg: LetterConfig,
) -> Plan:
    """The plan of one person's letter."""
    res = results.get(Group.of(r.facts()).key())
    if res is None or not res.owed:
        return Plan(False, "", (), "", frozenset(), frozenset(), 0)
    duties = [d for d in (res.hipaa, res.state) if d is not None and d.applies]
    required: set[str] = set(BASE)
    prohibited: set[str] = set()
    for d in duties:
        for text in _strings(d, book, "content_required", d.content):
            required |= cmap.blocks_for(text)
        for text in _strings(d, book, "content_prohibited", d.prohibited):
            prohibited |= cmap.blocks_for(text)
    months = max((o.months for o in res.offers), default=0)
    if cfg.offer_all:
        months = max(months, cfg.offer_months)
    active = {
        "offer": months > 0,
        "credentials": bool(CREDENTIALS & set(r.elements)),
        "affiliate": bool(cfg.affiliate),
    }
    required = {b for b in required if active.get(cmap.when.get(b, ""), True)}
    if "fraud_freeze" in required:  # the freeze text points to the bureaus' contacts
        required.add("cra_contacts")
    if "what_happened" in required and "what_happened" not in prohibited:
        required.discard("breach_dates")  # the description already gives the dates
    j = book.state(r.state)
    return Plan(
        True,
        _kind(res.recipient),
        tuple(d.law for d in duties),
        j.name if j else "your state",
        frozenset(required - prohibited),
        frozenset(prohibited),
        months,
    )


def _strings(d: LawDuty, book: RuleBook, key: str, given: Iterable[str]) -> list[str]:
    given = list(given)
    if given or d.law == "HIPAA":
        return given
    rule = book.states[d.law].rules.get(key)
    return [str(x) for x in rule.value] if rule is not None and rule.known and rule.value else []


def _kind(recipient: str) -> str:
    return {PARENT: "parent", NEXT_OF_KIN: "family"}.get(recipient, "individual")
