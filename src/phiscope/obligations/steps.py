"""The evaluator's record of what it decided and why (rule by rule, with citations)."""

from __future__ import annotations

from dataclasses import dataclass, field

from phiscope.obligations.schema import Deadline, Rule


@dataclass(frozen=True)
class Step:
    """One decision: which law, about what, the conclusion, and the rule it rests on."""

    law: str
    topic: str
    finding: str
    rule: Rule | None = None

    def row(self) -> dict[str, object]:
        """A flat row for output."""
        r = self.rule
        return {
            "law": self.law,
            "topic": self.topic,
            "finding": self.finding,
            "rule": r.ref if r else "",
            "citation": r.citation if r else "",
            "verified": (r.verified if r.known else "unknown") if r else "",
        }


@dataclass(frozen=True)
class Offer:
    """An identity-protection / credit-monitoring offer a law requires."""

    law: str
    months: int
    rule: Rule


@dataclass(frozen=True)
class LawDuty:
    """One law's duties toward one group of people."""

    law: str
    applies: bool
    deemed: frozenset[str] = frozenset()  # duties HIPAA compliance satisfies under this law
    individual: Deadline | None = None
    individual_rule: Rule | None = None
    offers: tuple[Offer, ...] = ()
    content: tuple[str, ...] = ()
    prohibited: tuple[str, ...] = ()


@dataclass
class Trace:
    """Steps collected while evaluating, and the rules they used."""

    steps: list[Step] = field(default_factory=list)

    def add(self, law: str, topic: str, finding: str, rule: Rule | None = None) -> None:
        """Record one decision."""
        self.steps.append(Step(law, topic, finding, rule))

    def rules(self) -> list[Rule]:
        """Distinct rules used, in order of first use."""
        seen: dict[str, Rule] = {}
        for s in self.steps:
            if s.rule is not None:
                seen.setdefault(s.rule.ref, s.rule)
        return list(seen.values())
