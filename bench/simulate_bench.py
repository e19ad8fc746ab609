"""Time ``phiscope.simulate.generate``: patients/s, MB written, peak RSS.

    python bench/simulate_bench.py --patients 100000 [--workers 2] [--out DIR] [--keep]

``cpu_seconds`` is user + system time of this process and its workers: on a
shared machine it tells what the wall time would be on idle cores
(about cpu_seconds / workers). Peak RSS is the largest resident set of this process and of any worker
process (``resource.getrusage``: RUSAGE_SELF and RUSAGE_CHILDREN, in MiB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from phiscope.simulate.corpus import default_workers, generate


def _size(path: Path) -> tuple[int, int]:
    total = count = 0
    for root, _, names in os.walk(path):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            count += 1
    return total, count


def main() -> int:
    """Run once and print one JSON line of results."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--patients", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None, help="processes (default: every core when >1 shard)")
    ap.add_argument("--out", type=Path, default=None, help="parent folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus afterwards")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="simbench-", dir=args.out))
    workers = args.workers if args.workers is not None else default_workers(args.patients)
    try:
        start = time.perf_counter()
        truth = generate(base / "corpus", args.patients, args.seed, workers=workers)
        seconds = time.perf_counter() - start
        corpus_bytes, files = _size(base / "corpus")
        truth_bytes = _size(base / "corpus.truth")[0] + (base / "corpus.truth.jsonl").stat().st_size
        usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        cpu = sum(u.ru_utime + u.ru_stime for u in usage)
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        result = {"patients": args.patients, "workers": workers, "cpus": os.cpu_count(),
                  "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                  "patients_per_s": round(args.patients / seconds),
                  "corpus_MB": round(corpus_bytes / 1e6, 1), "files": files,
                  "truth_MB": round(truth_bytes / 1e6, 1), "occurrences": len(truth),
                  "MB_per_s": round((corpus_bytes + truth_bytes) / 1e6 / seconds, 1),
                  "peak_rss_MiB": round(peak)}
        print(json.dumps(result))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"kept {base}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
