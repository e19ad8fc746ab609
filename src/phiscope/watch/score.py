"""Scoring detectors on a simulated hospital: per scenario detection delay, exposure before
the first true alert and caught-or-not; false-alarm incidents per 1,000 users per day."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import load_config
from phiscope.watch.detectors.base import Mode
from phiscope.watch.engine import WatchEngine
from phiscope.watch.events import AccessEvent, IngestStats
from phiscope.watch.incidents import Incident
from phiscope.watch.ingest import read_events
from phiscope.watch.simulate.generate import CONFIG_FILE, DB_FILE, EHR_FILE, TRUTH_FILE

GRACE_S = 3600.0  # an alert up to an hour after a scenario's last event still counts for it


def run_on(sim_dir: str | Path, mode: str = "streaming", config: str | Path | None = None,
           overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Parse a simulated folder's logs, detect (``streaming``: one pass, learning online;
    ``batch``: learn on the learning days, then detect with frozen baselines) and score."""
    d = Path(sim_dir)
    truth = json.loads((d / TRUTH_FILE).read_text(encoding="utf-8"))
    cfg = load_config(config or d / CONFIG_FILE, overrides)
    engine = WatchEngine(cfg)
    stats = IngestStats()
    learn_until = float(truth["learn_until"])
    t0 = time.process_time()  # CPU seconds: events/s per core, whatever else runs
    events = read_events([str(d / EHR_FILE), str(d / DB_FILE)], stats, options=cfg.parser_options())
    alerts = list(_detect(engine, events, learn_until, mode))
    seconds = time.process_time() - t0
    report = score(truth, alerts, engine.incidents.incidents)
    report.update(mode=mode, events=stats.total_events, malformed=stats.total_errors,
                  seconds=round(seconds, 2), events_per_s=round(stats.total_events / max(seconds, 1e-9)))
    return report


def _detect(engine: WatchEngine, events: Iterator[AccessEvent], learn_until: float,
            mode: str) -> Iterator[Alert]:
    detect = Mode.DETECT if mode == "streaming" else Mode.FROZEN
    for ev in events:
        yield from engine.observe(ev, Mode.LEARN if ev.ts < learn_until else detect)


def score(truth: Mapping[str, Any], alerts: list[Alert], incidents: list[Incident]) -> dict[str, Any]:
    """Per-scenario results and the false-alarm rate (incidents matching no scenario)."""
    scenarios = [_scenario(sc, alerts) for sc in truth["scenarios"]]
    false = [i for i in incidents
             if not any(_matches(sc, i.actor, i.start, i.end) for sc in truth["scenarios"])]
    eval_days = (float(truth["end"]) - float(truth["learn_until"])) / 86400
    per_k = len(false) / (int(truth["users"]) / 1000) / eval_days
    return {"seed": truth["seed"], "users": truth["users"], "eval_days": eval_days, "scenarios": scenarios,
            "incidents": len(incidents), "false_incidents": len(false),
            "false_per_1000_users_day": round(per_k, 2),
            "false_by_detector": _by_detector(false)}


def _scenario(sc: Mapping[str, Any], alerts: list[Alert]) -> dict[str, Any]:
    hits = sorted((a for a in alerts if _matches(sc, a.actor, a.ts, a.ts)), key=lambda a: a.ts)
    out: dict[str, Any] = {"kind": sc["kind"], "caught": bool(hits), "total_rows": sc["rows"],
                           "total_patients": sc["patients"]}
    if hits:
        first = hits[0]
        before = [t for t in sc["timeline"] if t[0] <= first.ts + 0.001]
        out.update(delay_s=round(first.ts - sc["start"], 1), first_detector=first.detector,
                   rows_before_alert=sum(t[1] for t in before),
                   patients_before_alert=before[-1][2] if before else 0,
                   detectors=sorted({a.detector for a in hits}))
    return out


def _matches(sc: Mapping[str, Any], actor: str, start: float, end: float) -> bool:
    return bool(actor == sc["actor"] and end >= sc["start"] - 0.001 and start <= sc["end"] + GRACE_S)


def _by_detector(incidents: list[Incident]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in incidents:
        for det in {a.detector for a in i.alerts}:
            out[det] = out.get(det, 0) + 1
    return dict(sorted(out.items()))
