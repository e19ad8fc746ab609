"""Person-level metrics over mention ids, computed as polars joins (a million patients' truth holds
tens of millions of mentions: no Python set per person).

``truth`` maps each true person to the ids of their mentions; ``predicted``
maps each predicted person (a cluster) to mention ids. Mentions are compared
by id, so the caller translates a cluster's findings into true occurrence ids
first (``eval.tally``). Each mention must sit in one cluster.

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

``Frames`` holds the same as columns: ``owned`` (mention ``o``, ``person``), ``placed`` (mention
``o``, ``cluster``), the element types of both sides and the number of clusters. Person codes are
integers in the order of the people's ids (so the smallest code is the smallest id).
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

import polars as pl

Clusters = Mapping[str, Set[str]]


@dataclass(frozen=True)
class Frames:
    """Both sides as columns: ``owned`` (o, person), ``placed`` (o, cluster), ``true_types`` (person,
    element), ``pred_types`` (cluster, element), ``clusters`` (how many predicted people)."""

    owned: pl.DataFrame
    placed: pl.DataFrame
    true_types: pl.DataFrame
    pred_types: pl.DataFrame
    clusters: int

    def __post_init__(self) -> None:
        if self.placed.height and self.placed.get_column("o").is_duplicated().any():
            raise ValueError("a mention sits in more than one predicted cluster")

    def joined(self) -> pl.DataFrame:
        """(o, cluster, person) for the mentions both sides hold (made once: every metric and every
        kind's metrics read it; at a million patients each join of the whole columns took minutes)."""
        return self._joined

    def majors(self) -> pl.DataFrame:
        """(cluster, person): each cluster holding a true mention and its majority person."""
        return self._majors

    @cached_property
    def _joined(self) -> pl.DataFrame:
        return self.placed.join(self.owned, on="o", how="inner")

    @cached_property
    def _majors(self) -> pl.DataFrame:
        counts = self.joined().group_by("cluster", "person").len()
        return (counts.sort(["cluster", "len", "person"], descending=[False, True, False])
                .unique("cluster", keep="first", maintain_order=True).select("cluster", "person"))


def frames(truth: Clusters, predicted: Clusters, true_types: Mapping[str, Set[str]] | None = None,
           predicted_types: Mapping[str, Set[str]] | None = None) -> Frames:
    """``Frames`` of mappings (person -> mention ids, cluster -> mention ids, and their types)."""
    code = {p: n for n, p in enumerate(sorted(truth))}
    clusters = {c: n for n, c in enumerate(predicted)}

    def pairs(m: Mapping[str, Set[str]], codes: Mapping[str, int], key: str, value: str) -> pl.DataFrame:
        rows = [(codes[k], v) for k, vs in m.items() if k in codes for v in sorted(vs)]
        return pl.DataFrame({key: [r[0] for r in rows], value: [r[1] for r in rows]},
                            schema={key: pl.Int64, value: pl.String})

    owned = pairs(truth, code, "person", "o")
    placed = pairs(predicted, clusters, "cluster", "o")
    return Frames(owned, placed, pairs(true_types or {}, code, "person", "element"),
                  pairs(predicted_types or {}, clusters, "cluster", "element"), len(predicted))


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def bcubed_of(f: Frames) -> tuple[float | None, float | None, float | None]:
    """B-cubed precision, recall and F1 over the mentions both sides hold (None when there are none)."""
    j = f.joined()
    if not j.height:
        return None, None, None
    same = (j.group_by("cluster", "person").len(name="same")
            .join(j.group_by("cluster").len(name="size"), on="cluster")
            .join(j.group_by("person").len(name="held"), on="person"))
    square = pl.col("same").cast(pl.Float64) ** 2
    sums = same.select((square / pl.col("size")).sum().alias("p"), (square / pl.col("held")).sum().alias("r"))
    p, r = float(sums["p"][0]) / j.height, float(sums["r"][0]) / j.height
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0


def false_merge_of(f: Frames, clusters: pl.DataFrame | None = None) -> float | None:
    """Share of clusters (of ``clusters``' ``cluster`` column; default all) with true mentions of more
    than one person."""
    j = f.joined()
    if clusters is not None:
        j = j.join(clusters.select("cluster"), on="cluster", how="semi")
    people = j.group_by("cluster").agg(pl.col("person").n_unique().alias("n"))
    return _rate(int((people["n"] > 1).sum()), people.height)


def split_of(f: Frames, people: pl.DataFrame | None = None) -> float | None:
    """Share of true people (of ``people``' ``person`` column; default all) with found mentions spread
    over more than one cluster."""
    j = f.joined()
    if people is not None:
        j = j.join(people.select("person"), on="person", how="semi")
    spread = j.group_by("person").agg(pl.col("cluster").n_unique().alias("n"))
    return _rate(int((spread["n"] > 1).sum()), spread.height)


def types_exact_of(f: Frames, people: pl.DataFrame, majors: pl.DataFrame) -> float | None:
    """Share of ``people`` whose majority clusters (``majors``) expose exactly their true types."""
    if not people.height:
        return None
    got = (majors.join(f.pred_types, on="cluster").select("person", "element").unique()
           .group_by("person").agg(pl.col("element").sort().alias("got")))
    true = f.true_types.unique().group_by("person").agg(pl.col("element").sort().alias("true"))
    both = (people.select("person").join(got, on="person", how="left").join(true, on="person", how="left")
            .with_columns(pl.col("got").fill_null([]), pl.col("true").fill_null([])))
    return _rate(int((both["got"] == both["true"]).sum()), people.height)


def _people(f: Frames) -> pl.DataFrame:
    return f.owned.select("person").unique()


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


def scores_of(f: Frames) -> PersonScore:
    """All person-level metrics of ``f`` at once."""
    bp, br, bf = bcubed_of(f)
    people, majors = _people(f), f.majors()
    named = people.join(majors.select("person"), on="person", how="semi").height
    return PersonScore(people.height, f.clusters, _rate(named, people.height), false_merge_of(f), split_of(f),
                       bp, br, bf, types_exact_of(f, people, majors))


def kind_scores(f: Frames, people: pl.DataFrame) -> dict[str, Any]:
    """Person metrics for the true people of one kind (``people``: their codes), judged on the whole
    clustering: a person is found when some predicted person is mostly theirs."""
    majors = f.majors()
    theirs = majors.join(people, on="person", how="semi")
    n = people.height
    return {
        "true_people": n, "found_people": theirs.height,
        "person_recall": _rate(theirs.get_column("person").n_unique(), n),
        "false_merge_rate": false_merge_of(f, theirs) if theirs.height else None,
        "split_rate": split_of(f, people),
        "types_exact": types_exact_of(f, people, majors),
    }


# -- the same metrics on mappings (hand-made cases, tests) --------------------------------------


def majority(mentions: Set[str], owner: Mapping[str, str]) -> str | None:
    """The true person holding most of ``mentions`` (smallest id on ties), or None."""
    truth: dict[str, set[str]] = {}
    for m in mentions:
        if m in owner:
            truth.setdefault(owner[m], set()).add(m)
    f = frames(truth, {"k": set(mentions)})
    majors = f.majors()
    return sorted(truth)[int(majors["person"][0])] if majors.height else None


def bcubed(truth: Clusters, predicted: Clusters) -> tuple[float | None, float | None, float | None]:
    """B-cubed precision, recall and F1 over the mentions both sides hold (None when there are none)."""
    return bcubed_of(frames(truth, predicted))


def false_merge_rate(truth: Clusters, predicted: Clusters) -> float | None:
    """Share of clusters with true mentions of more than one person."""
    return false_merge_of(frames(truth, predicted))


def split_rate(truth: Clusters, predicted: Clusters) -> float | None:
    """Share of true people (with found mentions) spread over more than one cluster."""
    return split_of(frames(truth, predicted))


def person_recall(truth: Clusters, predicted: Clusters) -> float | None:
    """Share of true people who are the majority person of some cluster."""
    return scores_of(frames(truth, predicted)).person_recall


def types_exact(truth: Clusters, predicted: Clusters, true_types: Mapping[str, Set[str]],
                predicted_types: Mapping[str, Set[str]]) -> float | None:
    """Share of true people whose majority clusters expose exactly their true element types."""
    return scores_of(frames(truth, predicted, true_types, predicted_types)).types_exact


def person_scores(truth: Clusters, predicted: Clusters, true_types: Mapping[str, Set[str]],
                  predicted_types: Mapping[str, Set[str]]) -> PersonScore:
    """All person-level metrics at once."""
    return scores_of(frames(truth, predicted, true_types, predicted_types))


def not_available(reason: str) -> dict[str, Any]:
    """The person-level section when it cannot be computed."""
    return {"available": False, "reason": reason}
