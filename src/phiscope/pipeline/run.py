"""The orchestrator: each stage is skipped when its fingerprint matches the case's record of it.

A stage that fails leaves its earlier record (or none); the next run redoes it and everything
after it. Stages open the case themselves (through ``phiscope.api``), one at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from phiscope.pipeline import steps
from phiscope.pipeline.options import RunOptions, RunReporter, RunResult, SilentReporter, StageOutcome
from phiscope.pipeline.records import read_records, write_record
from phiscope.store import CaseStore
from phiscope.store.casefile import CASE_FILE

StageFn = Callable[[RunOptions, Callable[[int, int], None]], dict[str, Any]]


def run_pipeline(opts: RunOptions, reporter: RunReporter | None = None) -> RunResult:
    """Scan, people, obligations, notices, evaluate (with a truth folder) and report, in order."""
    rep = reporter or SilentReporter()
    t0 = time.perf_counter()
    outcomes: list[StageOutcome] = []
    for name, enabled, why_off in _plan(opts):
        if not enabled:
            outcome = StageOutcome(name, "off", reason=why_off)
            rep.stage_end(outcome)
        else:
            outcome = _stage(opts, name, rep)
        outcomes.append(outcome)
    with _open(opts) as store:
        headline = steps.headline(store, outcomes)
    return RunResult(opts.case_dir, outcomes, headline, round(time.perf_counter() - t0, 2))


def _plan(opts: RunOptions) -> list[tuple[str, bool, str]]:
    letters = steps.has_letters(opts.incident)
    return [
        ("scan", True, ""),
        ("people", True, ""),
        ("obligations", True, ""),
        ("notices", opts.notices and letters,
         "not asked for (--no-notices)" if not opts.notices else
         "incident.toml has no [letters] section (see `phiscope notices`)"),
        ("evaluate", opts.truth is not None, "no --truth folder given"),
        ("report", opts.report, "not asked for (--no-report)"),
    ]


def _stage(opts: RunOptions, name: str, rep: RunReporter) -> StageOutcome:
    fingerprint, work = steps.STAGES[name]
    fp, record = _fingerprint_and_record(opts, name, fingerprint)
    if record is not None and name not in opts.force:
        outcome = StageOutcome(name, "skipped", 0.0, dict(record.result), "inputs and settings unchanged")
        rep.stage_end(outcome)
        return outcome
    rep.stage_start(name, None)
    t0 = time.perf_counter()
    result = work(opts, lambda done, total: rep.stage_progress(name, done, total))
    seconds = time.perf_counter() - t0
    with _open(opts) as store:  # the fingerprint taken before: a file changed meanwhile is seen next time
        write_record(store, name, fp, seconds, result)
    outcome = StageOutcome(name, "ran", round(seconds, 2), result)
    rep.stage_end(outcome)
    return outcome


def _fingerprint_and_record(opts: RunOptions, name: str,
                            fingerprint: Callable[[RunOptions, CaseStore | None], str]) -> tuple[str, Any]:
    if not (Path(opts.case_dir) / CASE_FILE).exists():
        return fingerprint(opts, None), None
    with _open(opts) as store:
        fp = fingerprint(opts, store)
        record = read_records(store).get(name)
        valid = record is not None and record.fingerprint == fp and steps.still_valid(name, record, store)
    return fp, record if valid else None


def _open(opts: RunOptions) -> AbstractContextManager[CaseStore]:
    from phiscope.api import open_case

    return open_case(opts.case_dir, opts.key_file, env=opts.env)
