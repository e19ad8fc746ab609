"""``phiscope eval`` on a case in its store, a bucket of whole files at a time.

A finding is only ever paired with an occurrence of its own file, so the corpus's files are cut
into buckets of about ``BUCKET`` occurrences and findings (a larger file is a bucket of its own);
the truth's occurrences and the case's findings (each at every path of its content) come out of
DuckDB ordered by bucket, and a ``Tally`` scores one bucket at a time. The sorts spill to the case
session's encrypted temporary files; Python holds one bucket's objects and the tally's columns.
The report is the one ``evaluate.evaluate_case`` makes of the same findings in memory.

Scoring a bucket is Python work a finding at a time (a million patients: 95 million findings and as
many occurrences, about two hours in one process). With ``workers`` > 1 the buckets of a simulator's
truth go to that many worker processes as Arrow tables; each scores its bucket into a tally of its
own, which the reading process merges (``Tally.merge``): the same report.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.eval.adapters import simulator
from phiscope.eval.case import Predicted, infer_root, predicted, relative
from phiscope.eval.evaluate import report
from phiscope.eval.normalize import Normalizer
from phiscope.eval.tally import Tally
from phiscope.eval.truth import Occurrence, TruthSet, load_truth
from phiscope.people.pool import in_order
from phiscope.rows import python_rows
from phiscope.stopwatch import cyclic_gc_paused
from phiscope.store.case import CaseStore

#: occurrences plus findings per bucket
BUCKET = 500_000
#: occurrences plus findings sorted at a time (ranges of whole buckets): each range re-reads the
#: truth's occurrences and scans the findings (at a million patients, 95 million of each: ~25 s
#: apiece), and spills at most its own rows (all at once, a million patients' spilled >29 GB)
SORT_ROWS = 24_000_000
#: occurrences plus findings from which ``workers`` > 1 score buckets in worker processes
PARALLEL_MIN = 2_000_000
T = TypeVar("T")


def evaluate_store(truth_path: str | Path, kind: str, store: CaseStore, norm: Normalizer | None = None,
                   bucket: int = BUCKET, sort_rows: int = SORT_ROWS,
                   progress: Callable[[int, int], None] | None = None, workers: int = 1,
                   parallel_min: int = PARALLEL_MIN) -> dict[str, Any]:
    """Score the case in ``store`` against the truth at ``truth_path`` (``load_truth``'s ``kind``);
    a simulator's truth folder is streamed from its Parquet files, other truths are read whole.
    ``progress(done, total)``: occurrences and findings scored so far, after each bucket. ``workers``:
    processes scoring a simulator's buckets when there are at least ``parallel_min`` occurrences and
    findings (and the default normaliser)."""
    path = Path(truth_path)
    streamed = kind in ("auto", simulator.KIND) and simulator.detect(path)
    truth = simulator.load_info(path) if streamed else load_truth(path, kind)
    con = store.session()
    truth_counts = simulator.file_counts(path) if streamed else Counter(o.file for o in truth.occurrences)
    doc_paths = store.document_paths()
    root = infer_root((p for ps in doc_paths.values() for p in ps), truth.top_level_files())
    documents = {r for ps in doc_paths.values() for p in ps if (r := relative(p, root)) is not None}
    path_counts = store.finding_path_counts()
    rel = {p: relative(p, root) for p, _ in path_counts}
    outside = sum(n for p, n in path_counts if rel[p] is None)
    finding_counts: Counter[str] = Counter()
    for p, n in path_counts:
        if (r := rel[p]) is not None:
            finding_counts[r] += n
    sizes = {f: truth_counts.get(f, 0) + finding_counts.get(f, 0) for f in {*truth_counts, *finding_counts}}
    buckets = assign_buckets(sizes, bucket)
    ranges = bucket_ranges(buckets, sizes, sort_rows)
    people = store.people_run() is not None
    paths = pa.table({"path": [p for p in rel if rel[p] is not None],
                      "rel": [r for r in rel.values() if r is not None],
                      "bucket": pa.array([buckets[r] for r in rel.values() if r is not None], pa.int64())})
    tally = Tally(truth, norm or Normalizer(), people)
    total, done = sum(sizes.values()), 0
    if progress is not None:
        progress(0, total)
    if streamed:
        files = pa.table({"file": list(truth_counts), "bucket": pa.array([buckets[f] for f in truth_counts],
                                                                         pa.int64())})
        occ_batches = simulator.occurrence_batches(path, con, files, ranges=ranges)
        if workers > 1 and total >= parallel_min and norm is None:
            found_tables = _tables(store.evaluation_batches(paths, people, ranges=ranges))
            tasks = ((str(path), people, o, f) for o, f in _merged(_tables(occ_batches), found_tables))
            for part, _ in in_order(_score_bucket, tasks, workers):
                tally.merge(part)
                if progress is not None:
                    done += part.occurrences + part.findings
                    progress(min(done, total), total)
            return _report(tally, root, outside, len(documents), store, people)
        occs = _grouped(occ_batches, simulator.occurrence)
    else:
        occs = _listed(truth.occurrences, buckets)
    found = _grouped(store.evaluation_batches(paths, people, ranges=ranges), _prediction)
    for occ_rows, pred_rows in _merged(occs, found):
        preds, owners = _owned(pred_rows)
        tally.add(occ_rows, preds, owners)
        if progress is not None:
            done += len(occ_rows) + len(preds)
            progress(min(done, total), total)
        del occ_rows, pred_rows, preds, owners  # before the next bucket is read
    return _report(tally, root, outside, len(documents), store, people)


def _report(tally: Tally, root: str | None, outside: int, documents: int, store: CaseStore, people: bool
            ) -> dict[str, Any]:
    return report(tally, root, outside, documents, store.people_with_findings() if people else None)


def assign_buckets(sizes: Mapping[str, int], target: int) -> dict[str, int]:
    """File -> bucket number: files in path order, a bucket closed once it holds ``target`` rows."""
    out: dict[str, int] = {}
    number = held = 0
    for f in sorted(sizes):
        if held and held + sizes[f] > target:
            number, held = number + 1, 0
        out[f] = number
        held += sizes[f]
    return out


def bucket_ranges(buckets: Mapping[str, int], sizes: Mapping[str, int], target: int) -> list[tuple[int, int]]:
    """(first, last) bucket numbers covering every bucket in order, a range closed once it holds
    ``target`` rows (a larger bucket is a range of its own)."""
    per: Counter[int] = Counter()
    for f, b in buckets.items():
        per[b] += sizes.get(f, 0)
    out: list[tuple[int, int]] = []
    held = 0
    for b in sorted(per):
        if out and held and held + per[b] <= target:
            out[-1] = (out[-1][0], b)
            held += per[b]
        else:
            out.append((b, b))
            held = per[b]
    return out


def _prediction(row: dict[str, Any]) -> tuple[Predicted, str | None]:
    person = row.pop("person")
    return predicted(row, f"{row['finding_id']}@{row['n']}", str(row["rel"])), person


def _owned(rows: Iterable[tuple[Predicted, str | None]]) -> tuple[list[Predicted], dict[str, list[str]]]:
    """A bucket's findings (a finding two people hold comes in consecutive rows: once here) and
    finding id -> the people holding it."""
    preds: list[Predicted] = []
    owners: dict[str, list[str]] = {}
    for p, person in rows:
        if not preds or preds[-1].id != p.id:
            preds.append(p)
        if person is not None:
            held = owners.setdefault(p.finding_id, [])
            if person not in held:
                held.append(person)
    return preds, owners


def _grouped(batches: Iterable[pa.RecordBatch], make: Callable[[dict[str, Any]], T]
             ) -> Iterator[tuple[int, list[T]]]:
    """Rows ordered by ``bucket`` as (bucket, the rows made into objects)."""
    for bucket, table in _tables(batches):
        yield bucket, [make(row) for row in _table_rows(table)]


def _tables(batches: Iterable[pa.RecordBatch]) -> Iterator[tuple[int, pa.Table]]:
    """Rows ordered by ``bucket`` as (bucket, its rows as one table, without the column)."""
    current: int | None = None
    pending: list[pa.RecordBatch] = []
    for batch in batches:
        numbers = batch.column("bucket").to_numpy(zero_copy_only=False)
        cuts = [0, *(np.flatnonzero(np.diff(numbers)) + 1).tolist(), len(numbers)]
        for start, end in itertools.pairwise(cuts):
            if end <= start:
                continue
            if int(numbers[start]) != current:
                if current is not None:
                    yield current, pa.Table.from_batches(pending).drop_columns(["bucket"])
                current, pending = int(numbers[start]), []
            pending.append(batch.slice(start, end - start))
    if current is not None:
        yield current, pa.Table.from_batches(pending).drop_columns(["bucket"])


def _score_bucket(task: tuple[str, bool, Any, Any]) -> Tally:
    """A worker's tally of one bucket ((truth folder, score people, its occurrences and findings as
    tables; a side without rows: an empty list))."""
    path, people, occ, found = task
    with cyclic_gc_paused():
        tally = Tally(_truth_info(path), Normalizer(), people)
        occs = [simulator.occurrence(r) for r in _table_rows(occ)]
        preds, owners = _owned(_prediction(r) for r in _table_rows(found))
        tally.add(occs, preds, owners)
    return tally


@lru_cache(maxsize=2)
def _truth_info(path: str) -> TruthSet:
    """A simulator truth's files, people and metadata, read once per worker process."""
    return simulator.load_info(Path(path))


def _table_rows(table: Any) -> Iterator[dict[str, Any]]:
    if isinstance(table, pa.Table):
        for batch in table.to_batches():
            yield from python_rows(batch, _SHARED)


#: columns whose few distinct strings repeat down a batch (a file's path, an element, a table)
_SHARED = frozenset({"file", "rel", "path", "element", "sheet", "column", "person_id", "person"})


def _listed(occurrences: Iterable[Occurrence], buckets: Mapping[str, int]
            ) -> Iterator[tuple[int, list[Occurrence]]]:
    """A truth held in memory, by bucket (each bucket in the truth's order)."""
    by: dict[int, list[Occurrence]] = {}
    for o in occurrences:
        by.setdefault(buckets[o.file], []).append(o)
    yield from sorted(by.items(), key=lambda kv: kv[0])


def _merged(a: Iterator[tuple[int, list[Any]]], b: Iterator[tuple[int, list[Any]]]
            ) -> Iterator[tuple[list[Any], list[Any]]]:
    """Two bucket streams side by side (a bucket one side lacks: empty there). The next bucket of a
    side is read only once the one before is scored (no bucket waits in memory beside another)."""
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        at = min(s[0] for s in (x, y) if s is not None)
        left: list[Any] = []
        right: list[Any] = []
        if x is not None and x[0] == at:
            left, x = x[1], None
        if y is not None and y[0] == at:
            right, y = y[1], None
        yield left, right
        del left, right
        # a side taken (or ended) reads on: an ended iterator gives None again
        x = next(a, None) if x is None else x
        y = next(b, None) if y is None else y
