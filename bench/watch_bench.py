"""Watch benchmark: simulated hospitals over several seeds, scored in streaming and batch mode.

    .venv/bin/python bench/watch_bench.py [--seeds 0 1 2 3 4] [--users 300] [--days 14] [--keep DIR]
                                          [--repeats 3]

Prints per scenario: seeds caught, detection delay, rows/patients out before the first true
alert, and the issue's targets; false-alarm incidents per 1,000 users per day; per log format
(the first seed's events also written as pgAudit, Percona audit JSON, FHIR AuditEvent, auditd,
CloudTrail and Zeek conn), single-core streaming speed parsing only and parsing + every
detector, best of ``--repeats`` runs (CPU time of this process, so other load counts less).
Generated logs are not real ones: these numbers say the detectors work on a plausible model,
not on your hospital.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from phiscope.watch.config import load_config
from phiscope.watch.detectors.base import Mode
from phiscope.watch.engine import WatchEngine
from phiscope.watch.events import IngestStats
from phiscope.watch.ingest import read_events
from phiscope.watch.score import run_on
from phiscope.watch.simulate import formats
from phiscope.watch.simulate.generate import CONFIG_FILE, DB_FILE, EHR_FILE, TRUTH_FILE, generate
from phiscope.watch.simulate.writers import pgaudit_line

TARGETS = {"chunked-export": "alert <= 15 min after start and < 10% of 1,060,936 rows out",
           "low-and-slow": "alert <= 24 h after start", "off-hours-dump": "caught",
           "vip-snooping": "caught", "relative-lookup": "caught", "neighbour-lookup": "caught",
           "deceased-clerk": "caught", "deceased-attacker": "caught"}
# File name -> the parser that reads it (the first is the simulator's own EHR log).
FORMAT_FILES = {EHR_FILE: "csv-access", "pgaudit_all.log": "pgaudit",
                "fhir_auditevent.ndjson": "fhir-auditevent", "percona_audit.jsonl": "mysql-audit",
                "audit.log": "auditd", "cloudtrail.jsonl": "cloudtrail", "zeek_conn.log": "zeek-conn"}


def meets(r: dict[str, Any]) -> bool:
    """Whether one scenario result meets the issue's target."""
    if not r["caught"]:
        return False
    if r["kind"] == "chunked-export":
        return bool(r["delay_s"] <= 900 and r["rows_before_alert"] < 0.1 * r["total_rows"])
    if r["kind"] == "low-and-slow":
        return bool(r["delay_s"] <= 86400)
    return True


def write_formats(sim: Path) -> None:
    """The simulated events also in the other formats, each file with all of them (EHR chart
    views and database work, so every format is measured on about the same volume): as the
    EHR's own database queries (pgAudit, Percona audit), as program runs (auditd), as FHIR
    AuditEvents, S3 reads (CloudTrail) and network flows (Zeek)."""
    st = IngestStats()
    ehr = list(read_events([str(sim / EHR_FILE)], st))
    events = sorted([*ehr, *read_events([str(sim / DB_FILE)], st)], key=lambda e: e.ts)
    for ev in ehr:
        ev.command = f"SELECT * FROM public.{ev.object} WHERE patient_id = $1"
    _write(sim / "pgaudit_all.log", (pgaudit_line(ev, n) for n, ev in enumerate(events, 1)))
    _write(sim / "percona_audit.jsonl", formats.percona_lines(events))
    _write(sim / "fhir_auditevent.ndjson", formats.fhir_lines(ehr))
    for ev in events:
        ev.command = f"{ev.tool.lower()} -h 10.9.0.5 -d ehr -t {ev.object}"
        ev.object = f"{ev.object}/{ev.patients[0] if ev.patients else 'all'}.json"
        ev.bytes, ev.dest = 48_000, "10.9.0.5"
    _write(sim / "audit.log", formats.auditd_lines(events))
    _write(sim / "cloudtrail.jsonl", formats.cloudtrail_lines(events))
    _write(sim / "zeek_conn.log", formats.zeek_lines(events))


def _write(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.writelines(lines)


def format_speeds(sim: Path, repeats: int) -> dict[str, dict[str, int]]:
    """Per format: events per CPU second parsing only, and parsing + every detector (learning
    on the learning days, detecting after, as ``watch run --learn-until``), on one core."""
    learn_until = float(json.loads((sim / TRUTH_FILE).read_text())["learn_until"])
    cfg = load_config(sim / CONFIG_FILE)
    out: dict[str, dict[str, int]] = {}
    for name, parser in FORMAT_FILES.items():
        path = str(sim / name)
        parse = both = 0.0
        n = 0
        for _ in range(repeats):
            t0 = time.process_time()  # CPU seconds of this process: per core, whatever else runs
            n = sum(1 for _ in read_events([path], IngestStats(), fmt=parser))
            parse = max(parse, n / (time.process_time() - t0))
            engine = WatchEngine(cfg)
            t0 = time.process_time()
            for ev in read_events([path], IngestStats(), fmt=parser):
                engine.observe(ev, Mode.LEARN if ev.ts < learn_until else Mode.DETECT)
            both = max(both, n / (time.process_time() - t0))
        out[parser] = {"events": n, "parse": round(parse), "parse_detect": round(both)}
        print(f"{parser}: {out[parser]}", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--users", type=int, default=300)
    ap.add_argument("--days", type=int, default=14)
    ap.add_argument("--repeats", type=int, default=3, help="speed runs per format (the best counts)")
    ap.add_argument("--json", type=Path, help="also write all results here")
    ap.add_argument("--keep", type=Path, help="write the simulated folders here (default: a temporary one)")
    a = ap.parse_args()
    results: list[dict[str, Any]] = []
    speeds: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in a.seeds:
            sim = (a.keep or Path(tmp)) / f"s{seed}"
            generate(sim, seed=seed, days=a.days, users=a.users)
            for mode in ("streaming", "batch"):
                r = run_on(sim, mode)
                results.append(r)
                print(f"seed {seed} {mode}: false {r['false_per_1000_users_day']}/1000 users/day "
                      f"{r['false_by_detector']} end-to-end {r['events_per_s']:,} ev/s", file=sys.stderr)
            if not speeds:
                write_formats(sim)
                speeds = format_speeds(sim, a.repeats)
    report(results, speeds)
    if a.json:
        a.json.write_text(json.dumps({"results": results, "format_speeds": speeds}, indent=1))


def report(results: list[dict[str, Any]], speeds: dict[str, dict[str, int]]) -> None:
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
    print("\n| log format (parser) | events | parse only, events/s/core | parse + detect, events/s/core |")
    print("|---|---|---|---|")
    for parser, sp in speeds.items():
        print(f"| {parser} | {sp['events']:,} | {sp['parse']:,} | {sp['parse_detect']:,} |")


def _dur(s: float) -> str:
    return f"{s / 3600:.1f} h" if s >= 3600 else f"{s / 60:.1f} min"


if __name__ == "__main__":
    main()
