"""Deciding a batch of connected components at a time gives what deciding all of them at once gives."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from phiscope.people.ambiguity import cluster_unambiguous, personless
from phiscope.people.cluster import Reviewed, Thresholds, explaining
from phiscope.people.partition import batches, decide, ends_of
from phiscope.people.sole import sole_candidates


def test_batches_hold_whole_components_in_order_and_leave_lone_mentions_out() -> None:
    ids = ["a", "b", "c", "d", "e", "f", "g"]
    ends = ends_of(ids, [["a", "c", "e"], ["d"]], [["b", "d", "a"], ["f"]])
    parts, alone = batches(ids, *ends, 3, limit=3)
    assert alone == ["g"]
    # {a, b, e} fills the first batch; {c, d, f} (joined by the must-link) the second
    assert parts == [(["a", "b", "e"], [0, 2], []), (["c", "d", "f"], [1], [0])]
    one, _ = batches(ids, *ends, 3, limit=100)
    assert one == [(["a", "b", "c", "d", "e", "f"], [0, 1, 2], [0])]


def test_a_component_larger_than_the_limit_is_a_batch_of_its_own() -> None:
    ids = [str(i) for i in range(6)]
    parts, alone = batches(ids, *ends_of(ids, [["0", "1", "2", "4"]], [["1", "2", "3", "5"]]), 4, limit=2)
    assert [p[0] for p in parts] == [["0", "1", "2", "3"], ["4", "5"]] and alone == []


def _row(first: str, last: str, dob: str | None, ssn: str | None, structured: bool = True) -> dict[str, Any]:
    return {"first_name": first, "last_name": last, "dob": dob, "ssn": ssn, "mrn": None, "member_id": None,
            "member_ids": None, "phones": None, "emails": None, "street": None, "zip5": None, "suffix": None,
            "contact": False, "minor": False, "structured": structured}


def _case(seed: int) -> tuple[dict[str, dict[str, Any]], list[str], list[str], list[float], Reviewed]:
    """Families of mentions: people repeated with typos, twins, poor rows (a name only) and pairs at
    every band, including ties, plus reviewer decisions."""
    rnd = random.Random(seed)
    rows: dict[str, dict[str, Any]] = {}
    left: list[str] = []
    right: list[str] = []
    prob: list[float] = []
    for fam in range(40):
        last, dob = f"last{fam}", f"19{rnd.randint(40, 99)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}"
        firsts = ["anna", "anne", "olga"] if fam % 3 else ["anna", "bert"]  # twins: a clash
        ids = []
        for k in range(rnd.randint(2, 7)):
            mid = f"m{fam:02d}{k}"
            first = rnd.choice(firsts)
            poor = rnd.random() < 0.3
            rows[mid] = _row(first, last, None if poor else dob, None if poor else f"55{fam:03d}{k % 2}")
            ids.append(mid)
        for a in ids:
            for b in ids:
                if a < b and rnd.random() < 0.7:
                    left.append(a)
                    right.append(b)
                    prob.append(rnd.choice([0.99, 0.97, 0.97, 0.8, 0.6, 0.55]))
    rows["lone"] = _row("zed", "alone", "1950-01-01", "999")
    mids = sorted(rows)
    must = tuple(sorted({tuple(sorted(rnd.sample(mids[:30], 2))) for _ in range(3)}))
    cannot = tuple(sorted({tuple(sorted(rnd.sample(mids, 2))) for _ in range(6)}))
    return rows, left, right, prob, Reviewed(must, cannot)  # type: ignore[arg-type]


def _all_at_once(rows: dict[str, dict[str, Any]], left: list[str], right: list[str], prob: list[float],
                 rules: Reviewed) -> tuple[dict[str, list[str]], list[Any], Counter[str], set[str]]:
    t = Thresholds()
    clusters, decisions, held = cluster_unambiguous(rows, left, right, prob, t, rules)
    clusters, decisions, unattributed = sole_candidates(rows, left, right, decisions, clusters, rules, held)
    unattributed |= personless(held, left, right, decisions, clusters)
    worth = explaining(decisions, left + [a for a, _ in rules.must], right + [b for _, b in rules.must],
                       clusters)
    return clusters, worth, Counter(d[1] for d in decisions), unattributed


def test_deciding_by_batches_equals_deciding_at_once() -> None:
    for seed in range(5):
        rows, left, right, prob, rules = _case(seed)
        clusters, worth, bands, unattributed = _all_at_once(rows, left, right, prob, rules)
        for limit in (1, 7, 10_000):
            done = decide(rows, left, right, prob, Thresholds(), rules, batch=limit)
            assert done.clusters == clusters
            assert sorted(done.worth) == sorted(worth)
            assert done.bands == bands and done.pairs == len(left) + len(rules.must)
            assert done.unattributed == unattributed
        assert decide(rows, left, right, prob, Thresholds(), rules, batch=1).batches > 30


def test_batches_decided_in_two_processes_give_the_same(monkeypatch: Any) -> None:
    import phiscope.people.partition as partition

    monkeypatch.setattr(partition, "PARALLEL_MIN", 1)
    monkeypatch.setattr(partition, "TASK", 20)  # several tasks, more than two in flight
    rows, left, right, prob, rules = _case(3)
    inline = decide(rows, left, right, prob, Thresholds(), rules, batch=7)
    spread = decide(rows, left, right, prob, Thresholds(), rules, batch=7, workers=2)
    assert list(spread.worth) == list(inline.worth) and spread.clusters == inline.clusters
    assert spread.worker_peak_mib > 0 and inline.worker_peak_mib == 0
    assert list(spread.clusters) == list(inline.clusters)
    assert (spread.bands, spread.pairs, spread.held, spread.unattributed) == (
        inline.bands, inline.pairs, inline.held, inline.unattributed)
