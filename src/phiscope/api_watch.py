"""The API of ``phiscope watch`` (re-exported by phiscope.api): audit-log monitoring (issue 9).

Every function takes explicit arguments; alerts and results never carry patient identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError

__all__ = ["watch_eval", "watch_replay", "watch_run", "watch_simulate"]


def watch_run(paths: Sequence[str], *, config: str | Path | None = None, log_format: str | None = None,
              follow: Any = None, learn_until: float | None = None,
              on_alert: Callable[[Any], None] | None = None, state: str | Path | None = None,
              key: bytes | None = None) -> dict[str, Any]:
    """Detect over audit logs (``-`` = stdin); each alert goes to ``on_alert`` as it is raised.

    Events before ``learn_until`` (epoch seconds) only teach the baselines. ``follow`` is a
    ``phiscope.watch.ingest.FollowOptions`` to tail growing files. ``state`` (else the config's
    ``state_file``) is a file the learned baselines are loaded from (when it exists) and saved
    to (at intervals and at exit);
    ``key`` (the user's secret) keeps patient references stable across runs, so patient-linked
    memories are saved too. Returns counts, malformed records per parser, notes and incidents.
    """
    from phiscope.watch.config import load_config
    from phiscope.watch.runner import RunOptions, run_logs

    if not paths:
        raise UsageError("give at least one log file (or - for stdin)")
    cfg = load_config(config, key=key)
    configured = str(cfg.general.get("state_file", ""))
    state_path = Path(state) if state else cfg.path(configured) if configured else None
    return run_logs(paths, cfg, RunOptions(log_format, follow, learn_until, state_path), on_alert)


def watch_replay(paths: Sequence[str], actor: str, *, since: float | None = None, until: float | None = None,
                 config: str | Path | None = None, log_format: str | None = None,
                 key: bytes | None = None) -> Any:
    """The patients whose records ``actor`` touched (``phiscope.watch.replay.ReplayResult``);
    with ``key``, each row also has the ``patient_ref`` that alerts name patients by."""
    from phiscope.watch.config import load_config
    from phiscope.watch.events import IngestStats
    from phiscope.watch.ingest import read_events
    from phiscope.watch.replay import replay

    if not paths:
        raise UsageError("give at least one log file to replay")
    cfg = load_config(config, key=key)
    stats = IngestStats()
    events = read_events(paths, stats, fmt=log_format, options=cfg.parser_options())
    result = replay(events, actor, since, until)
    result.stats = stats
    result.ref = cfg.patient_ref if key else None
    return result


def watch_simulate(out_dir: str | Path, *, seed: int = 0, days: int = 14, users: int = 300) -> dict[str, Any]:
    """Write simulated hospital audit logs with injected attacks (see phiscope.watch.simulate)."""
    from phiscope.watch.simulate.generate import generate

    truth = generate(out_dir, seed=seed, days=days, users=users)
    return {"out": str(out_dir), "files": truth["files"], "learn_days": truth["train_days"],
            "scenarios": [{k: s[k] for k in ("kind", "actor", "start", "rows", "patients")}
                          for s in truth["scenarios"]]}


def watch_eval(sim_dir: str | Path, *, mode: str = "streaming",
               config: str | Path | None = None) -> dict[str, Any]:
    """Score the detectors on a simulated folder (``streaming`` or ``batch``)."""
    from phiscope.watch.score import run_on

    if mode not in ("streaming", "batch"):
        raise UsageError("--mode must be streaming or batch")
    if not (Path(sim_dir) / "truth.json").is_file():
        raise UsageError(f"{sim_dir} has no truth.json; write one with: "
                         f"phiscope watch simulate --out {sim_dir}")
    return run_on(sim_dir, mode, config)
