"""Splink's prediction on each distinct identity once against every mention's row (issue 5, must 7).

    python bench/distinct_bench.py [--patients 10000] [--seed 11] [--work DIR] [--keep] [--repeat 2]

A simulated breach is generated and scanned (``people_bench._prepare``, not measured) and its
mentions' linkage rows built; then ``linkage.predict`` runs on them, by row number as ``phiscope
resolve`` calls it, with ``LinkageOptions.distinct_rows`` on (``people.distinct``: identical rows
scored once, their pairs expanded back) and off (the baseline: every row scored), alternately
``--repeat`` times each in this process. Both train the same model; the pairs must be the same set.
Prints rows, distinct rows, seconds (least of the repeats), rows per second and the ratio;
``--json`` writes them to a file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from people_bench import _prepare, case_mentions


def linkage_table(case: Path) -> Any:
    """The case's mentions' linkage rows with their row numbers (``predict``'s ``by_row`` input)."""
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    from phiscope.people.table import linkage_rows, to_arrow

    mentions = case_mentions(case)
    table = to_arrow(linkage_rows(mentions))
    return table.append_column("row", pa.array(np.arange(table.num_rows, dtype=np.int64)))


def run(table: Any, distinct: bool, tmp: str) -> tuple[float, set[tuple[int, int]]]:
    """Seconds of one ``predict`` (training included) and its pairs."""
    from phiscope.people.linkage import LinkageOptions, predict

    t0 = time.perf_counter()
    scored = predict(table, options=LinkageOptions(distinct_rows=distinct), tmp_dir=tmp, by_row=True,
                     sink=lambda batch: None)
    seconds = time.perf_counter() - t0
    return seconds, set(zip(scored["row_l"].to_pylist(), scored["row_r"].to_pylist(), strict=True))


def main() -> int:
    """Prepare the case, time both ways alternately, print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--patients", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from phiscope.people.distinct import Distinct

    work = args.work or Path(tempfile.mkdtemp(prefix="phiscope-distinct-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    table = linkage_table(_prepare(work, args.patients, args.seed))
    distinct_rows = len(Distinct.of(table).sizes)
    best: dict[bool, float] = {}
    pairs: dict[bool, set[tuple[int, int]]] = {}
    for _ in range(args.repeat):
        for distinct in (False, True):
            seconds, got = run(table, distinct, str(work))
            best[distinct] = min(best.get(distinct, seconds), seconds)
            pairs[distinct] = got
    if pairs[True] != pairs[False]:
        print(f"FAIL: the pairs differ ({len(pairs[True] ^ pairs[False])} in one only)")
        return 1
    rows = table.num_rows
    result = {"patients": args.patients, "rows": rows, "distinct_rows": distinct_rows,
              "pairs": len(pairs[True]),
              "every_row_seconds": round(best[False], 1), "distinct_seconds": round(best[True], 1),
              "speedup": round(best[False] / best[True], 2)}
    print("| prediction (training included) | rows | seconds | rows/s |\n|---|---|---|---|")
    print(f"| every row (baseline) | {rows:,} | {best[False]:.1f} | {rows / best[False]:,.0f} |")
    print(f"| each distinct row once ({distinct_rows:,}) | {rows:,} | {best[True]:.1f} | "
          f"{rows / best[True]:,.0f} |")
    print(f"same {len(pairs[True]):,} pairs; {result['speedup']}x the baseline")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
