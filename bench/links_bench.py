"""The kept pairs' field-weight JSON, column by column against a dict per pair (issue 5, must 7).

    python bench/links_bench.py [--pairs 1000000] [--seed 5] [--repeat 2] [--json FILE]

``person_links.field_weights`` shows, for each pair a resolution keeps (millions on a large case),
the per-field match weights that justify it. Pairs are generated the way Splink scores them: each
of the 11 comparisons' weight takes one value per comparison level (or is null for a null
comparison), the two term-frequency adjustments one value per name frequency, and one pair in 20
is a rule's pair (``bare-contact``: one shared value's weight). ``links.field_weights`` (each
distinct weight formatted once, pyarrow joins) and the baseline ``links.field_weights_per_pair``
(a dict and ``json.dumps`` per pair, as before) run alternately ``--repeat`` times in this process;
their strings must be equal. Prints pairs, seconds (least of the repeats), pairs per second and the
ratio.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any


def pairs_table(n: int, seed: int) -> tuple[Any, list[tuple[str, str]]]:
    """``n`` kept pairs with Splink's weight columns, and the (name, column) of each weight."""
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    from phiscope.people.links import FIELD_WEIGHTS

    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {}
    for name, col in FIELD_WEIGHTS:
        distinct = 3_000 if name.endswith("_tf") else 5  # a name's frequency; a comparison's levels
        levels = rng.normal(0, 8, distinct)
        values = levels[rng.integers(0, distinct, n)]
        columns[col] = pa.array(values, pa.float64(), mask=rng.random(n) < 0.1)
    rule = np.where(np.arange(n) % 20 == 0, "bare-contact", None)
    columns["rule"] = pa.array(rule.tolist(), pa.string())
    columns["key"] = pa.array(["email" if r else None for r in rule.tolist()], pa.string())
    columns["match_weight"] = pa.array(rng.normal(10, 5, n), pa.float64())
    return pa.table(columns), list(FIELD_WEIGHTS)


def main() -> int:
    """Time both ways alternately on the same pairs, print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from phiscope.people.links import field_weights, field_weights_per_pair

    table, weights = pairs_table(args.pairs, args.seed)
    rules = ("bare-contact",)
    best: dict[str, float] = {}
    out: dict[str, list[str]] = {}
    for _ in range(args.repeat):
        for way, fn in (("per_pair", field_weights_per_pair), ("columns", field_weights)):
            t0 = time.perf_counter()
            got = fn(table, weights, rules)
            seconds = time.perf_counter() - t0
            best[way] = min(best.get(way, seconds), seconds)
            out[way] = got if isinstance(got, list) else got.to_pylist()
    if out["per_pair"] != out["columns"]:
        print("FAIL: the field weights differ")
        return 1
    n = table.num_rows
    result = {"pairs": n, "per_pair_seconds": round(best["per_pair"], 2),
              "columns_seconds": round(best["columns"], 2),
              "speedup": round(best["per_pair"] / best["columns"], 1)}
    print("| field-weight JSON of kept pairs | pairs | seconds | pairs/s |\n|---|---|---|---|")
    print(f"| a dict and json.dumps per pair (baseline) | {n:,} | {best['per_pair']:.2f} | "
          f"{n / best['per_pair']:,.0f} |")
    print(f"| column by column | {n:,} | {best['columns']:.2f} | {n / best['columns']:,.0f} |")
    print(f"the same strings; {result['speedup']}x the baseline")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
