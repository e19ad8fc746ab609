"""Insertion throughput of the case store (not a test: run it and read the numbers).

    .venv/bin/python -m tests.store.bench_insert --findings 2000000

Findings go through the real protocol (begin_document, add_findings,
finish_document) in per-document Arrow tables (``--batch`` splits a document
into several calls, as the scan engine does for big tables). Prints wall-clock
findings/s and CPU µs per finding (the CPU figure is stable on a busy machine;
wall-clock is what a user sees), then the cost of closing the case (its final
checkpoint), which the main figures leave out.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from pathlib import Path

import polars as pl
import pyarrow as pa

from phiscope.model import FINDING_COLUMNS
from phiscope.store import CaseStore, StoreTuning
from tests.store.store_helpers import FAST_KDF, KEY

SCHEMA = pa.schema([(name, pa.type_for_alias(t)) for name, t in FINDING_COLUMNS])


def synthetic(n: int, per_doc: int, seed: int = 1, unique: bool = False) -> pa.Table:
    """``n`` findings over ``n // per_doc`` documents (70% SSNs from a pool of 50,000, 30% names;
    with ``unique`` every value differs, the worst case for the per-value HMAC path)."""
    rng = random.Random(seed)
    docs = max(1, n // per_doc)
    ssn = [f"{rng.randrange(100, 899):03d}-{rng.randrange(1, 99):02d}-{rng.randrange(1, 9999):04d}"
           for _ in range(50_000)]
    names = [f"{f} {last}" for f in ("Ana", "Bo", "Chen", "Dov", "Eve") for last in
             ("Núñez", "Smith", "O'Neil", "Li", "Groß", "Patel", "Kowalski", "Nguyen")]
    frame = pl.DataFrame({"i": pl.int_range(0, n, eager=True)}).with_columns(
        doc=pl.min_horizontal(pl.col("i") // per_doc, docs - 1),
        pick=pl.Series([rng.randrange(len(ssn)) if rng.random() < 0.7
                        else len(ssn) + rng.randrange(len(names)) for _ in range(n)]),
    )
    shas = pa.array([hashlib.sha256(str(d).encode()).hexdigest() for d in range(docs)])
    paths = pa.array([f"/breach/share/dept{d % 50}/file{d}.csv" for d in range(docs)])
    doc_of = frame["doc"].to_arrow()
    pick = frame["pick"].to_arrow()
    values = pa.array(ssn + names).take(pick)
    if unique:
        values = pa.array([f"{i // 10**4 % 900 + 100:03d}-{i // 100 % 100:02d}-{i % 10**4:04d}#{i}"
                           for i in range(n)])
    element = pa.array(["ssn"] * len(ssn) + ["name"] * len(names)).take(pick)
    seq = (frame["i"] % per_doc).to_arrow()
    cols = {
        "doc_sha": shas.take(doc_of), "element": element, "detector_id": element, "value": values,
        "normalized": values, "confidence": pa.array([0.5 + rng.random() / 2 for _ in range(n)]),
        "validation": pa.repeat("valid", n), "path": paths.take(doc_of), "row": seq,
        "column": pa.repeat("SSN", n), "col_index": pa.repeat(3, n), "line": seq,
        "row_key": seq.cast(pa.string()), "flags": pa.repeat("", n), "mask_first": pa.repeat(0, n),
        "mask_last": pa.repeat(4, n),
    }
    return pa.table({f.name: cols[f.name].cast(f.type) if f.name in cols else pa.nulls(n, f.type)
                     for f in SCHEMA})


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=2_000_000)
    parser.add_argument("--per-doc", type=int, default=200)
    parser.add_argument("--flush-rows", type=int, default=StoreTuning().flush_rows)
    parser.add_argument("--batch", type=int, default=0,
                        help="findings per add_findings call (default: one call per document; the "
                             "scan engine sends 50,000 at most)")
    parser.add_argument("--unique", action="store_true", help="every value distinct (worst case)")
    args = parser.parse_args()
    data = synthetic(args.findings, args.per_doc, unique=args.unique)
    with tempfile.TemporaryDirectory() as tmp:
        case_dir = Path(tmp) / "case"
        store = CaseStore.create(case_dir, KEY, FAST_KDF, StoreTuning(flush_rows=args.flush_rows))
        run = store.start_run(["bench"])
        wall, cpu = time.perf_counter(), time.process_time()
        for start in range(0, data.num_rows, args.per_doc):
            part = data.slice(start, args.per_doc)
            sha = part.column("doc_sha")[0].as_py()
            store.begin_document(sha, part.column("path")[0].as_py(), 1000, "csv", None, 0, run)
            for b in range(0, part.num_rows, args.batch or part.num_rows):
                store.add_findings(part.slice(b, args.batch or part.num_rows), run)
            store.finish_document(sha, "done", {"findings": part.num_rows})
        store.flush()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        close_wall, close_cpu = time.perf_counter(), time.process_time()
        store.close()
        close_wall, close_cpu = time.perf_counter() - close_wall, time.process_time() - close_cpu
        n = data.num_rows
        size = sum(p.stat().st_size for p in case_dir.rglob("*") if p.is_file())
        kind = "distinct values" if args.unique else "repeated values"
        print(f"{n:,} findings ({kind}) in {n // args.per_doc:,} documents: {wall:.2f} s wall, "
              f"{n / wall:,.0f} findings/s; CPU {cpu * 1e6 / n:.2f} µs/finding "
              f"(all threads); case {size / n:.0f} bytes/finding; close (checkpoint) "
              f"{close_wall:.2f} s wall, {close_cpu * 1e6 / n:.2f} µs/finding CPU")


if __name__ == "__main__":
    main()
