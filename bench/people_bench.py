"""People resolution at scale (issue 5, must 7): mentions per second and peak memory, against Splink alone.

    python bench/people_bench.py [--patients 10000] [--seed 11] [--work DIR] [--keep]

A simulated breach of ``--patients`` patients is generated and scanned (not measured), then two jobs
run on the same case, each in a fresh process so that its peak resident memory is its own:

* ``phiscope``: ``phiscope resolve`` end to end (findings read from the encrypted case, mentions,
  linkage rows, Splink, the clustering rules, key joins, the people tables stored);
* ``splink-only``: the baseline — the same mentions' linkage rows deduplicated by Splink alone
  (the same model, blocking and training as phiscope's, then Splink's own clustering at the
  auto-merge threshold), timed from the linkage rows, i.e. without reading the case or building
  mentions.

It prints mentions, seconds, mentions/s and peak RSS of each, phiscope's seconds per step, and the
ratio; ``--json`` writes them to a file. The simulator's corpus and the scanned case are kept in
``--work`` (default: a temporary folder) with ``--keep``, and reused when present.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: the case key: PHISCOPE_KEY when set (a case scanned before, in ``--work``), else a bench key
KEY = {"PHISCOPE_KEY": os.environ.get("PHISCOPE_KEY") or "bench-key-not-secret"}


def _child(job: str, case: Path) -> dict[str, Any]:
    """Run one job in a fresh interpreter; its JSON result with wall seconds and peak RSS (MiB)."""
    env = {**os.environ, **KEY}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--job", job, "--case", str(case)], env=env,
                            stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{job} failed with exit code {proc.returncode}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall_seconds"] = round(time.perf_counter() - t0, 1)  # with start-up and imports
    return result


def _peak_mib() -> int:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def job_phiscope(case: Path) -> dict[str, Any]:
    """``phiscope resolve`` on the case."""
    from phiscope import api

    t0 = time.perf_counter()
    info = api.resolve_people(case)
    seconds = time.perf_counter() - t0
    # the clustering of a large case runs in worker processes too: their peak is reported beside it
    return {"mentions": info["mentions"], "people": info["people"], "pairs": info["pairs"],
            "seconds": round(seconds, 1), "steps": info["step_seconds"], "peak_rss_mib": _peak_mib(),
            "worker_peak_rss_mib": info["worker_peak_rss_mib"]}


def case_mentions(case: Path) -> list[Any]:
    """The case's person mentions, built by one ``MentionBuilder`` from its findings."""
    from phiscope import api
    from phiscope.people.mentions import MentionBuilder

    with api.open_case(case, tuning=api.RESOLVE_TUNING, env=KEY) as store:
        builder = MentionBuilder()
        for f in store.iter_people_findings():
            builder.add(f)
        return builder.finish()


def job_splink(case: Path) -> dict[str, Any]:
    """Splink alone on the linkage rows of the case's mentions (timed from the rows)."""
    import duckdb
    from splink import DuckDBAPI, Linker

    from phiscope.people.cluster import Thresholds
    from phiscope.people.linkage import LinkageOptions, predict, settings
    from phiscope.people.table import linkage_rows, to_arrow

    mentions = case_mentions(case)
    rows = linkage_rows(mentions)
    n = len(mentions)
    del mentions
    t0 = time.perf_counter()
    table = to_arrow(rows)
    del rows
    opts = LinkageOptions()
    scored = predict(table, options=opts, tmp_dir=str(case / "tmp"))
    con = duckdb.connect()
    db = DuckDBAPI(con)
    linker = Linker(db.register(table), settings(), log_level=None)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(db.register(scored),
                                                                           Thresholds().auto_merge)
    people = con.execute(f"SELECT count(DISTINCT cluster_id) FROM {clusters.physical_name}").fetchone()
    con.close()
    seconds = time.perf_counter() - t0
    return {"mentions": n, "people": people[0] if people else 0, "pairs": scored.num_rows,
            "seconds": round(seconds, 1), "peak_rss_mib": _peak_mib()}


def _prepare(work: Path, patients: int, seed: int) -> Path:
    """The scanned case of a simulated breach (reused when ``work`` holds it)."""
    from phiscope import api

    corpus, case = work / f"sim-{patients}-{seed}", work / f"case-{patients}-{seed}"
    if not (case / "case.json").exists() and not any(case.glob("*.duckdb")):
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(case, ignore_errors=True)
        api.simulate(corpus, patients, seed)
        api.scan([str(corpus)], case, options=api.ScanOptions(workers=os.cpu_count() or 1), env=KEY)
    return case


def main() -> int:
    """Prepare the case, run both jobs, print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--patients", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--job", choices=("phiscope", "splink"), help=argparse.SUPPRESS)
    ap.add_argument("--case", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.job:
        result = (job_phiscope if args.job == "phiscope" else job_splink)(args.case)
        print(json.dumps(result))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="phiscope-people-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        case = _prepare(work, args.patients, args.seed)
        ours = _child("phiscope", case)
        base = _child("splink", case)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"people resolution, simulated breach of {args.patients:,} patients (seed {args.seed})")
    print(f"{'job':<12} {'mentions':>10} {'people':>8} {'pairs':>11} {'seconds':>8} {'mentions/s':>11} "
          f"{'peak RSS MiB':>13}")
    for name, r in (("phiscope", ours), ("splink-only", base)):
        print(f"{name:<12} {r['mentions']:>10,} {r['people']:>8,} {r['pairs']:>11,} {r['seconds']:>8} "
              f"{r['mentions'] / max(r['seconds'], 1e-9):>11,.0f} {r['peak_rss_mib']:>13,}")
    print(f"phiscope steps (s): {json.dumps(ours['steps'])}")
    print(f"phiscope's largest worker process (mentions, clustering): {ours['worker_peak_rss_mib']:,} MiB "
          "peak RSS (0: no worker ran)")
    print(f"phiscope / splink-only: {ours['seconds'] / max(base['seconds'], 1e-9):.2f}x the time, "
          f"{ours['peak_rss_mib'] / max(base['peak_rss_mib'], 1):.2f}x the peak memory")
    if args.json:
        args.json.write_text(json.dumps({"patients": args.patients, "seed": args.seed,
                                         "phiscope": ours, "splink_only": base}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
