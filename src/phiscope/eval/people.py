"""Person-level metrics: pure functions over mention ids.

``truth`` maps each true person to the ids of their mentions; ``predicted``
maps each predicted person (a cluster) to mention ids. Mentions are compared
by id, so the caller translates a cluster's findings into true occurrence ids
first (``clusters_to_mentions``). Each mention must sit in one cluster.

Definitions (B-cubed as in Bagga & Baldwin 1998, over the mentions both sides
hold; mentions only one side holds are left out of it):

* majority person of a cluster: the true person with most of its mentions
  (ties: smallest id); clusters holding no true mention have none;
* person recall: share of true people who are the majority person of at least
  one cluster (they would get a notice addressed to them);
* false-merge rate: share of clusters holding true mentions of more than one
  person;
* split rate: share of true people with found mentions whose found mentions
  sit in more than one cluster;
* types exact: share of true people for whom the element types of the
  clusters they are the majority of equal the element types the truth has for
  them (a person with no cluster gets the empty set).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import asdict, dataclass
from typing import Any

Clusters = Mapping[str, Set[str]]


def _owner(truth: Clusters) -> dict[str, str]:
    return {m: person for person, ms in truth.items() for m in ms}


def _check_disjoint(predicted: Clusters) -> None:
    seen: set[str] = set()
    for ms in predicted.values():
        if seen & ms:
            raise ValueError("a mention sits in more than one predicted cluster")
        seen |= ms


def majority(mentions: Iterable[str], owner: Mapping[str, str]) -> str | None:
    """The true person holding most of ``mentions`` (smallest id on ties), or None."""
    counts = Counter(owner[m] for m in mentions if m in owner)
    if not counts:
        return None
    return min(counts, key=lambda p: (-counts[p], p))


def bcubed(truth: Clusters, predicted: Clusters) -> tuple[float | None, float | None, float | None]:
    """B-cubed precision, recall and F1 over the mentions both sides hold (None when there are none)."""
    _check_disjoint(predicted)
    owner = _owner(truth)
    common = owner.keys() & {m for ms in predicted.values() for m in ms}
    if not common:
        return None, None, None
    p_sum = r_sum = 0.0
    held = Counter(owner[m] for m in common)  # each person's mentions both sides hold
    for ms in predicted.values():
        cluster = ms & common
        per_person = Counter(owner[m] for m in cluster)
        for person, same in per_person.items():  # each of a person's `same` mentions scores alike
            p_sum += same * same / len(cluster)
            r_sum += same * same / held[person]
    p, r = p_sum / len(common), r_sum / len(common)
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0


def false_merge_rate(truth: Clusters, predicted: Clusters) -> float | None:
    """Share of clusters with true mentions of more than one person."""
    owner = _owner(truth)
    people = [{owner[m] for m in ms if m in owner} for ms in predicted.values()]
    judged = [p for p in people if p]
    return round(sum(len(p) > 1 for p in judged) / len(judged), 4) if judged else None


def split_rate(truth: Clusters, predicted: Clusters) -> float | None:
    """Share of true people (with found mentions) spread over more than one cluster."""
    where: dict[str, set[str]] = {}
    owner = _owner(truth)
    for cid, ms in predicted.items():
        for m in ms:
            if m in owner:
                where.setdefault(owner[m], set()).add(cid)
    return round(sum(len(c) > 1 for c in where.values()) / len(where), 4) if where else None


def majority_map(truth: Clusters, predicted: Clusters) -> dict[str, str | None]:
    """Cluster id -> its majority person."""
    owner = _owner(truth)
    return {cid: majority(ms, owner) for cid, ms in predicted.items()}


def person_recall(truth: Clusters, predicted: Clusters) -> float | None:
    """Share of true people who are the majority person of some cluster."""
    named = set(majority_map(truth, predicted).values())
    return round(sum(p in named for p in truth) / len(truth), 4) if truth else None


def types_exact(truth: Clusters, predicted: Clusters, true_types: Mapping[str, Set[str]],
                predicted_types: Mapping[str, Set[str]]) -> float | None:
    """Share of true people whose majority clusters expose exactly their true element types."""
    got: dict[str, set[str]] = {p: set() for p in truth}
    for cid, person in majority_map(truth, predicted).items():
        if person is not None:
            got[person] |= predicted_types.get(cid, set())
    if not truth:
        return None
    return round(sum(got[p] == set(true_types.get(p, ())) for p in truth) / len(truth), 4)


@dataclass(frozen=True)
class PersonScore:
    """Every person-level number (see the module docstring)."""

    true_people: int
    found_people: int
    person_recall: float | None
    false_merge_rate: float | None
    split_rate: float | None
    bcubed_precision: float | None
    bcubed_recall: float | None
    bcubed_f1: float | None
    types_exact: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with ``available: true``."""
        return {"available": True, **asdict(self)}


def person_scores(truth: Clusters, predicted: Clusters, true_types: Mapping[str, Set[str]],
                  predicted_types: Mapping[str, Set[str]]) -> PersonScore:
    """All person-level metrics at once."""
    bp, br, bf = bcubed(truth, predicted)
    return PersonScore(len(truth), len(predicted), person_recall(truth, predicted),
                       false_merge_rate(truth, predicted), split_rate(truth, predicted), bp, br, bf,
                       types_exact(truth, predicted, true_types, predicted_types))


def not_available(reason: str) -> dict[str, Any]:
    """The person-level section when it cannot be computed."""
    return {"available": False, "reason": reason}
