"""``phiscope watch run``: read logs, detect, send alerts, keep the learned state."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Mode
from phiscope.watch.engine import WatchEngine
from phiscope.watch.events import IngestStats
from phiscope.watch.ingest import FollowOptions, read_events
from phiscope.watch.state import load_state, save_state

CHECK_EVERY = 4096  # events between looks at the clock for a periodic state save


@dataclass(frozen=True)
class RunOptions:
    """How to run: forced log format, tailing, learning-only period, state file."""

    log_format: str | None = None
    follow: FollowOptions | None = None
    learn_until: float | None = None
    state: Path | None = None


def run_logs(paths: Sequence[str], cfg: WatchConfig, opts: RunOptions,
             on_alert: Callable[[Alert], None] | None = None) -> dict[str, Any]:
    """Detect over ``paths``; the summary (counts, incidents, notes)."""
    engine = WatchEngine(cfg)
    notes: list[str] = []
    restored = load_state(engine, opts.state) if opts.state else None
    if restored is not None:
        notes.append(f"baselines restored from {opts.state} (saved {restored['saved_at']})")
    if opts.state and not cfg.stable_refs:
        notes.append("patient-linked memories (VIP care teams, relationships) are not saved without a key "
                      "(PHISCOPE_KEY or --key-file)")
    stats = IngestStats()
    every = float(cfg.general.get("state_interval_minutes", 15)) * 60
    alerts, last, saved_at, n = 0, None, time.monotonic(), 0
    try:
        for ev in read_events(paths, stats, fmt=opts.log_format, options=cfg.parser_options(),
                              follow=opts.follow):
            learn = opts.learn_until is not None and ev.ts < opts.learn_until
            for alert in engine.observe(ev, Mode.LEARN if learn else Mode.DETECT):
                alerts += 1
                if on_alert:
                    on_alert(alert)
            last, n = ev.ts, n + 1
            if opts.state and n % CHECK_EVERY == 0 and time.monotonic() - saved_at >= every:
                save_state(engine, opts.state, last)
                saved_at = time.monotonic()
    finally:
        if opts.state:
            save_state(engine, opts.state, last)
    notes += [f"directories: {n:,} rows skipped ({why})" for why, n in sorted(cfg.people.problems.items())]
    notes += [note for d in engine.detectors for note in d.notes()]
    return {"events": stats.total_events, "malformed": stats.total_errors, "events_by_format": stats.events,
            "malformed_by_kind": stats.errors, "alerts": alerts, "notes": notes,
            "incidents": [i.to_dict() for i in engine.incidents.incidents]}
