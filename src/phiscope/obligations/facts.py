"""Per-person facts and the groups the evaluator works on (people who share every relevant fact)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PersonFacts:
    """What the rules need to know about one affected person."""

    person_id: str
    state: str | None  # postal code of residence; None = unknown or outside the US
    is_minor: bool = False
    is_deceased: bool = False
    has_usable_address: bool = True
    name_exposed: bool = True
    elements: frozenset[str] = frozenset()  # phiscope element ids


@dataclass(frozen=True)
class Group:
    """``count`` people sharing residence, minor/deceased flags, address, name and element types."""

    state: str | None
    is_minor: bool
    is_deceased: bool
    has_usable_address: bool
    name_exposed: bool
    elements: frozenset[str]
    count: int = 1

    @staticmethod
    def of(p: PersonFacts, count: int = 1) -> Group:
        """The group of one person (for ``--explain``)."""
        return Group(
            _state(p.state),
            p.is_minor,
            p.is_deceased,
            p.has_usable_address,
            p.name_exposed or "person_name" in p.elements,
            p.elements,
            count,
        )

    def key(self) -> tuple[object, ...]:
        """Everything but the count."""
        return (
            self.state,
            self.is_minor,
            self.is_deceased,
            self.has_usable_address,
            self.name_exposed,
            self.elements,
        )


def _state(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    return code or None


def group_people(people: Iterable[PersonFacts]) -> list[Group]:
    """Collapse people into groups (stable order: by state, then facts)."""
    counts: Counter[Group] = Counter(Group.of(p) for p in people)
    return merge_groups(replace(g, count=n) for g, n in counts.items())


def merge_groups(groups: Iterable[Group]) -> list[Group]:
    """Add up the counts of groups with the same facts."""
    totals: dict[tuple[object, ...], Group] = {}
    for g in groups:
        if g.count <= 0:
            continue
        k = g.key()
        prev = totals.get(k)
        totals[k] = g if prev is None else replace(prev, count=prev.count + g.count)
    return sorted(
        totals.values(),
        key=lambda g: (
            g.state or "~",
            sorted(g.elements),
            g.is_minor,
            g.is_deceased,
            g.has_usable_address,
            g.name_exposed,
        ),
    )
