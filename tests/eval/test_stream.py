"""``phiscope eval`` a bucket of files at a time gives the report the in-memory scorer gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.eval import load_truth
from phiscope.eval.case import Predicted
from phiscope.eval.evaluate import evaluate_case
from phiscope.eval.stream import _merged, _owned, assign_buckets, bucket_ranges, evaluate_store
from phiscope.simulate.corpus import generate

KEY = "eval-stream-test-key-0123"
ENV = {"PHISCOPE_KEY": KEY}


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("stream")
    generate(base / "corpus", 40, 7)
    api.scan([str(base / "corpus")], base / "case", options=api.ScanOptions(workers=1), env=ENV)
    api.resolve_people(base / "case", env=ENV, notice_date="2026-11-27")
    return {"truth": base / "corpus.truth", "case": base / "case"}


def test_buckets_of_files_score_as_one_whole(resolved: dict[str, Path]) -> None:
    with api.open_case(resolved["case"], env=ENV) as store:
        whole = evaluate_case(load_truth(resolved["truth"]), store.iter_findings(reveal=True),
                              store.document_paths(), clusters=store.people_clusters())
        one = evaluate_store(resolved["truth"], "auto", store, bucket=10**9)
        many = evaluate_store(resolved["truth"], "simulator", store, bucket=500)
        ranged = evaluate_store(resolved["truth"], "simulator", store, bucket=500, sort_rows=2000)
    assert whole["people"]["available"] is True and whole["people"]["true_people"] > 40
    assert whole["case"]["findings"] > 1000
    assert one == whole
    assert many == whole
    assert ranged == whole  # buckets sorted a range at a time


def test_buckets_scored_in_worker_processes_give_the_same_report(resolved: dict[str, Path]) -> None:
    """Each worker's tally of a bucket (mention numbers, person, cluster and element codes of its own)
    merged into one: the report of one process."""
    calls: list[tuple[int, int]] = []
    with api.open_case(resolved["case"], env=ENV) as store:
        serial = evaluate_store(resolved["truth"], "simulator", store, bucket=500, sort_rows=2000)
        parallel = evaluate_store(resolved["truth"], "simulator", store, bucket=500, sort_rows=2000,
                                  workers=2, parallel_min=0, progress=lambda d, t: calls.append((d, t)))
    assert parallel == serial
    assert len(calls) > 3 and calls[-1][0] == calls[-1][1]


def test_bucket_ranges_cover_every_bucket_in_order() -> None:
    buckets = {"a": 0, "b": 1, "c": 1, "d": 2, "e": 3, "f": 4}
    sizes = {"a": 300, "b": 100, "c": 100, "d": 900, "e": 50, "f": 60}
    assert bucket_ranges(buckets, sizes, 500) == [(0, 1), (2, 2), (3, 4)]
    assert bucket_ranges(buckets, sizes, 10**9) == [(0, 4)]
    assert bucket_ranges({}, {}, 10) == []


def test_buckets_hold_whole_files_in_path_order() -> None:
    sizes = {"b.csv": 300, "a.csv": 200, "c.txt": 50, "d.zip!/x.csv": 900, "e.txt": 10}
    buckets = assign_buckets(sizes, 400)
    assert buckets == {"a.csv": 0, "b.csv": 1, "c.txt": 1, "d.zip!/x.csv": 2, "e.txt": 3}
    assert assign_buckets({}, 10) == {}


def test_a_finding_two_people_hold_is_scored_once() -> None:
    p = Predicted("f1@0", "f1", "a.csv", "ssn", "123-45-6789")
    q = Predicted("f2@0", "f2", "a.csv", "dob", "1980-01-02")
    preds, owners = _owned([(p, "P1"), (p, "P2"), (q, None)])
    assert preds == [p, q]
    assert owners == {"f1": ["P1", "P2"]}


def test_progress_counts_every_occurrence_and_finding_once(resolved: dict[str, Path]) -> None:
    calls: list[tuple[int, int]] = []
    with api.open_case(resolved["case"], env=ENV) as store:
        quiet = evaluate_store(resolved["truth"], "simulator", store, bucket=500, sort_rows=2000)
        counted = evaluate_store(resolved["truth"], "simulator", store, bucket=500, sort_rows=2000,
                                 progress=lambda done, total: calls.append((done, total)))
    assert counted == quiet
    assert len(calls) > 3 and calls[0][0] == 0
    totals = {t for _, t in calls}
    assert totals == {quiet["truth"]["occurrences"] + quiet["case"]["findings"]}
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == calls[-1][1]


def test_merged_reads_a_bucket_only_after_the_one_before_is_scored() -> None:
    read: list[str] = []

    def side(name: str, buckets: list[int]) -> Iterator[tuple[int, list[Any]]]:
        for b in buckets:
            read.append(f"{name}{b}")
            yield b, [f"{name}{b}"]

    seen = []
    for left, right in _merged(side("o", [0, 1, 3]), side("f", [1, 2, 3])):
        seen.append((left, right, list(read)))
    pairs = [(["o0"], []), (["o1"], ["f1"]), ([], ["f2"]), (["o3"], ["f3"])]
    assert [(lt, rt) for lt, rt, _ in seen] == pairs
    assert seen[0][2] == ["o0", "f1"]  # when bucket 0 is scored, nothing past the first of each side
    assert seen[1][2] == ["o0", "f1", "o1"]
    assert seen[2][2] == ["o0", "f1", "o1", "o3", "f2"]
