"""Watch benchmark: simulated hospitals over several seeds, scored in streaming and batch mode.

    .venv/bin/python bench/watch_bench.py [--seeds 0 1 2 3 4] [--users 300] [--days 14]

Prints per scenario: seeds caught, detection delay, rows/patients out before the first true
alert, and the issue's targets; false-alarm incidents per 1,000 users per day; single-core
ingest speed (parsing only) and end-to-end speed (parsing + detectors). Generated logs are not
real ones: these numbers say the detectors work on a plausible model, not on your hospital.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from phiscope.watch.events import IngestStats
from phiscope.watch.ingest import read_events
from phiscope.watch.score import run_on
from phiscope.watch.simulate.generate import DB_FILE, EHR_FILE, generate

TARGETS = {"chunked-export": "alert <= 15 min after start and < 10% of 1,060,936 rows out",
           "low-and-slow": "alert <= 24 h after start", "off-hours-dump": "caught",
           "vip-snooping": "caught"}


def meets(r: dict[str, Any]) -> bool:
    """Whether one scenario result meets the issue's target."""
    if not r["caught"]:
        return False
    if r["kind"] == "chunked-export":
        return bool(r["delay_s"] <= 900 and r["rows_before_alert"] < 0.1 * r["total_rows"])
    if r["kind"] == "low-and-slow":
        return bool(r["delay_s"] <= 86400)
    return True


def ingest_speed(sim: Path) -> dict[str, int]:
    """Events per CPU second parsing each log (one core)."""
    out = {}
    for name in (EHR_FILE, DB_FILE):
        st = IngestStats()
        t0 = time.process_time()  # CPU seconds of this process: per core, whatever else runs
        n = sum(1 for _ in read_events([str(sim / name)], st))
        out[name] = round(n / (time.process_time() - t0))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--users", type=int, default=300)
    ap.add_argument("--days", type=int, default=14)
    ap.add_argument("--json", type=Path, help="also write all results here")
    a = ap.parse_args()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in a.seeds:
            sim = Path(tmp) / f"s{seed}"
            generate(sim, seed=seed, days=a.days, users=a.users)
            speed = ingest_speed(sim)
            for mode in ("streaming", "batch"):
                r = run_on(sim, mode)
                r["ingest_events_per_s"] = speed
                results.append(r)
                print(f"seed {seed} {mode}: false {r['false_per_1000_users_day']}/1000 users/day "
                      f"{r['false_by_detector']} end-to-end {r['events_per_s']:,} ev/s", file=sys.stderr)
    report(results)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


def report(results: list[dict[str, Any]]) -> None:
    """Print the summary tables."""
    for mode in ("streaming", "batch"):
        rs = [r for r in results if r["mode"] == mode]
        print(f"\n## {mode} ({len(rs)} seeds)")
        print("| scenario | caught | meets target | delay median / max | rows out before alert (max) "
              "| patients before alert (max) | first detectors |")
        print("|---|---|---|---|---|---|---|")
        for kind, target in TARGETS.items():
            sc = [s for r in rs for s in r["scenarios"] if s["kind"] == kind]
            hit = [s for s in sc if s["caught"]]
            delays = [s["delay_s"] for s in hit]
            print(f"| {kind} ({target}) | {len(hit)}/{len(sc)} | {sum(map(meets, sc))}/{len(sc)} | "
                  f"{_dur(statistics.median(delays)) if delays else '-'} / "
                  f"{_dur(max(delays)) if delays else '-'}"
                  f" | {max((s['rows_before_alert'] for s in hit), default=0):,} "
                  f"| {max((s['patients_before_alert'] for s in hit), default=0):,} "
                  f"| {', '.join(sorted({s['first_detector'] for s in hit}))} |")
        fa = [r["false_per_1000_users_day"] for r in rs]
        print(f"\nfalse-alarm incidents per 1,000 users per day: mean {statistics.mean(fa):.2f}, "
              f"max {max(fa):.2f} (target <= 5); end-to-end "
              f"{statistics.mean(r['events_per_s'] for r in rs):,.0f} events/s")
    speeds = [r["ingest_events_per_s"] for r in results]
    for name in (EHR_FILE, DB_FILE):
        print(f"ingest {name}: {statistics.mean(s[name] for s in speeds):,.0f} events/s on one core")


def _dur(s: float) -> str:
    return f"{s / 3600:.1f} h" if s >= 3600 else f"{s / 60:.1f} min"


if __name__ == "__main__":
    main()
