"""People matching benchmark: phiscope's pipeline vs a plain Splink model, pairwise P/R/F1.

Datasets (from ../shared/data, loaded by ``linkage_data.py``; skipped cleanly when absent):

* FEBRL ``dataset1.csv`` (1,000 records, 500 originals + 500 corrupted
  duplicates; the entity is the number in ``rec-<n>-org``/``rec-<n>-dup-<k>``);
* FEBRL ``dataset4a.csv`` + ``dataset4b.csv`` (5,000 + 5,000 records; ``rec-<n>-org`` in 4a
  is the same person as ``rec-<n>-dup-0`` in 4b, and neither file repeats a person). phiscope
  resolves people by deduplicating every mention, so both models dedupe the union of the two
  files and are scored on the cross-file pairs only; pairs inside one file are all wrong and are
  counted apart (``in-file``). ``splink-link-only`` is Splink's own ``link_only`` mode on the
  two files, for reference: it never proposes an in-file pair;
* ``linkage_misc/fake_1000.csv`` (Splink's synthetic people, ``cluster`` column).

``phiscope``: our normalisation (names, nicknames, dates), ``people.linkage``
comparisons/blocking/training and ``people.cluster`` (bands and conflicts).
``splink-default``: a plain Splink 5 model on the same columns — ``NameComparison``
for names, ``DateOfBirthComparison``, ``ExactMatch`` for the rest — trained the
same way (prior, u sampling, EM on DOB and surname), clustered at the same
auto-merge probability with Splink's connected components.

Run: ``.venv/bin/python bench/linkage_bench.py [--auto-merge 0.95]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, Literal

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
from linkage_data import DATA, Rows, fake_1000, febrl, febrl4, groups, pairs_of  # bench/ is on sys.path

from phiscope.people.cluster import Thresholds, cluster
from phiscope.people.linkage import predict
from phiscope.people.table import to_arrow

Model = Callable[[Rows, Thresholds], list[list[str]]]


def prf(found: set[tuple[str, str]], true: set[tuple[str, str]]) -> dict[str, float]:
    """Pairwise precision, recall, F1."""
    tp = len(found & true)
    p = tp / len(found) if found else 1.0
    r = tp / len(true) if true else 1.0
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": f1}


def ours(rows: Rows, t: Thresholds) -> list[list[str]]:
    """Clusters of phiscope's pipeline."""
    scored = predict(to_arrow(dict(rows))).to_pylist()
    clusters, _ = cluster(rows, scored, t)
    return list(clusters.values())


def baseline(rows: Rows, t: Thresholds, source: Mapping[str, str] | None = None) -> list[list[str]]:
    """Clusters of a plain Splink model with default comparisons on the same columns: a dedupe of
    ``rows``, or, given the ``source`` file of each record, Splink's ``link_only`` across the files."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    cols = ["first_name", "last_name", "dob", "street", "zip5", "email", "ssn"]
    present = [c for c in cols if any(r.get(c) for r in rows.values())]
    comps: list[Any] = [cl.NameComparison(c) if c in ("first_name", "last_name")
             else cl.DateOfBirthComparison(c, input_is_string=True) if c == "dob" else cl.ExactMatch(c)
             for c in present]
    parts = [list(rows.values())] if source is None else \
        [[r for uid, r in rows.items() if source[uid] == s] for s in sorted(set(source.values()))]
    con = duckdb.connect()
    db = DuckDBAPI(con)
    tables = [db.register(pa.table({c: pa.array([r.get(c) for r in part], pa.string())
                                    for c in ["unique_id", *present]})) for part in parts]
    blocks: list[Any] = [block_on("first_name"), block_on("last_name"), block_on("dob")]
    link_type: Literal["dedupe_only", "link_only"] = "dedupe_only" if source is None else "link_only"
    linker = Linker(tables, SettingsCreator(link_type=link_type, comparisons=comps,
                                            blocking_rules_to_generate_predictions=blocks),
                    log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=42)
    for b in ("dob", "last_name"):
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(b))
    pred = linker.inference.predict(threshold_match_probability=0.01, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, t.auto_merge)
    out: dict[Any, list[str]] = {}
    for r in clusters.as_pyarrow_table().to_pylist():  # type: ignore[no-untyped-call]
        out.setdefault(r["cluster_id"], []).append(str(r["unique_id"]))
    con.close()
    return list(out.values())


def score(clusters: list[list[str]], truth: Mapping[str, str],
          source: Mapping[str, str] | None = None) -> tuple[dict[str, float], int | None]:
    """P/R/F1 of the pairs of ``clusters``; with a ``source`` file per record, of the cross-file
    pairs only, and the number of in-file pairs (wrong: no file repeats a person) apart."""
    found, true = pairs_of(clusters), pairs_of(groups(truth))
    if source is None:
        return prf(found, true), None
    cross = {(a, b) for a, b in found if source[a] != source[b]}
    if any(source[a] == source[b] for a, b in true):
        raise ValueError("a true link inside one file: the cross-file scoring does not apply")
    return prf(cross, true), len(found) - len(cross)


def _print(name: str, model: str, s: dict[str, float], in_file: int | None, seconds: float) -> None:
    in_f = "-" if in_file is None else str(in_file)
    print(f"{name:<12} {model:<17} {s['precision']:>9} {s['recall']:>7} {s['f1']:>7} {in_f:>7} "
          f"{seconds:>8.2f}", flush=True)


def _timed(fn: Callable[..., list[list[str]]], *args: Any) -> tuple[list[list[str]], float]:
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def main() -> int:
    """Print pairwise P/R/F1 per dataset, phiscope next to the Splink baseline."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--auto-merge", type=float, default=Thresholds().auto_merge)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    t = Thresholds(auto_merge=args.auto_merge, review=min(0.5, args.auto_merge))
    print(f"{'dataset':<12} {'model':<17} {'precision':>9} {'recall':>7} {'f1':>7} {'in-file':>7} "
          f"{'seconds':>8}")
    models: tuple[tuple[str, Model], ...] = (("phiscope", ours), ("splink-default", baseline))
    for name, load in (("febrl1", febrl), ("fake_1000", fake_1000)):
        rows, truth = load()
        for model, fn in models:
            clusters, secs = _timed(fn, rows, t)
            _print(name, model, score(clusters, truth)[0], None, secs)
    rows, truth, source = febrl4()
    for model, fn in models:  # both dedupe the union of 4a and 4b: like for like
        clusters, secs = _timed(fn, rows, t)
        _print("febrl4a+4b", model, *score(clusters, truth, source), secs)
    clusters, secs = _timed(baseline, rows, t, source)
    _print("febrl4a+4b", "splink-link-only", *score(clusters, truth, source), secs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
