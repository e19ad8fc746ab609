"""``phiscope run``: every stage in order, then a re-run that redoes only what changed."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.errors import UsageError
from phiscope.pipeline.options import RunOptions, StageOutcome
from phiscope.pipeline.records import read_records
from tests.pipeline.helpers import make_breach


class Recorder:
    """A reporter that keeps what it was told."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.ended: list[StageOutcome] = []
        self.progress: list[tuple[str, int]] = []

    def stage_start(self, stage: str, total: int | None) -> None:
        self.started.append(stage)

    def stage_progress(self, stage: str, done: int, total: int | None) -> None:
        self.progress.append((stage, done))

    def stage_end(self, outcome: StageOutcome) -> None:
        self.ended.append(outcome)


def status(result: Any) -> dict[str, str]:
    return {s.stage: s.status for s in result.stages}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    opts = make_breach(tmp_path_factory.mktemp("run"))
    rec = Recorder()
    return {"opts": opts, "result": api.run_case(opts, rec), "rec": rec}


def test_first_run_runs_every_stage(first: dict[str, Any]) -> None:
    result, rec = first["result"], first["rec"]
    assert status(result) == {"scan": "ran", "people": "ran", "obligations": "ran", "notices": "off",
                              "evaluate": "ran", "report": "ran"}
    assert rec.started == ["scan", "people", "obligations", "evaluate", "report"]
    assert "[letters]" in next(o.reason for o in rec.ended if o.stage == "notices")
    assert any(stage == "scan" and done > 0 for stage, done in rec.progress)
    h = result.headline
    assert h["people"] > 0 and h["findings"] > 0 and h["obligations"] > 0 and h["first_deadline"]
    assert Path(result.report_path).is_file()
    with api.open_case(first["opts"].case_dir, env=first["opts"].env) as store:
        records = read_records(store)
    assert set(records) == {"scan", "people", "obligations", "evaluate", "report"}
    assert records["obligations"].result["discovered"] == "2026-01-02"
    assert records["evaluate"].result["elements"]


def test_eval_reuses_the_stored_evaluation_until_the_truth_changes(
        first: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import phiscope.eval.stream as stream_mod

    opts = first["opts"]
    with api.open_case(opts.case_dir, env=opts.env) as store:
        stored = read_records(store)["evaluate"].result
    calls: list[int] = []
    real = stream_mod.evaluate_store
    monkeypatch.setattr(stream_mod, "evaluate_store", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert api.evaluate(opts.truth, opts.case_dir, env=opts.env) == stored and calls == []
    assert api.evaluate(opts.truth, opts.case_dir, truth_kind="simulator", env=opts.env) == stored
    assert calls == [1]  # another truth kind is scored afresh (and agrees)


def test_rerun_skips_everything_unchanged(first: dict[str, Any]) -> None:
    again = api.run_case(first["opts"])
    assert set(status(again).values()) == {"skipped", "off"}
    assert again.headline["people"] == first["result"].headline["people"]


def test_changed_incident_redoes_obligations_and_report_only(first: dict[str, Any]) -> None:
    opts: RunOptions = first["opts"]
    text = opts.incident.read_text()
    opts.incident.write_text(text.replace("discovered = 2026-01-02", "discovered = 2026-01-05"))
    try:
        result = api.run_case(opts)
    finally:
        opts.incident.write_text(text)
    assert status(result) == {"scan": "skipped", "people": "skipped", "obligations": "ran", "notices": "off",
                              "evaluate": "skipped", "report": "ran"}
    obl = next(s for s in result.stages if s.stage == "obligations")
    assert obl.result["discovered"] == "2026-01-05"


def test_redo_and_new_input(first: dict[str, Any]) -> None:
    opts: RunOptions = first["opts"]
    assert status(api.run_case(replace(opts, force=("people",))))["people"] == "ran"
    extra = Path(opts.paths[0]) / "late-find.txt"
    extra.write_text("Patient: Wanda Example, SSN 123-45-6789, DOB 03/04/1950, phone (860) 555-0199\n")
    os.utime(extra)
    result = api.run_case(opts)
    st = status(result)
    assert st["scan"] == "ran" and st["people"] == "ran" and st["obligations"] == "ran"
    scan = next(s for s in result.stages if s.stage == "scan")
    assert scan.result["documents"] == 1 and scan.result["files"] > 1  # only the new file is read


def test_bad_options_are_usage_errors(first: dict[str, Any]) -> None:
    opts: RunOptions = first["opts"]
    with pytest.raises(UsageError, match="--redo"):
        api.run_case(replace(opts, force=("everything",)))
    with pytest.raises(UsageError, match="incident file not found"):
        api.run_case(replace(opts, incident=opts.incident.with_name("missing.toml")))
