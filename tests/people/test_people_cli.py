"""`phiscope resolve/people/explain` end to end on a small simulated corpus, and eval at the person level."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.simulate.corpus import generate
from phiscope.simulate.truth import CorpusTruth
from tests.eval.test_eval_cli import run_cli

KEY = "people-test-key-0123"
ENV = {"PHISCOPE_KEY": KEY}


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("people")
    generate(base / "corpus", 30, 5)
    api.scan([str(base / "corpus")], base / "case", options=api.ScanOptions(workers=1), env=ENV)
    return {"base": base, "case": base / "case", "truth": base / "corpus.truth"}


def _raw_values(base: Path) -> set[str]:
    return {r.value for r in CorpusTruth.read_jsonl(base / "corpus.truth.jsonl").records if len(r.value) >= 6}


def test_people_lists_masked_people_and_resolves_on_demand(
        case: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    code, out, err = run_cli(capsys, "people", "--case", str(case["case"]), "--format", "json")
    assert code == 0, err
    people: list[dict[str, Any]] = json.loads(out)
    assert 25 <= len(people) <= 80
    assert all(p["person_id"].startswith("P") and p["mention_count"] >= 1 for p in people)
    assert not [v for v in _raw_values(case["base"]) if v in out]
    revealed = api.people(case["case"], reveal=True, env=ENV)
    assert any(p["full_name"] and "*" not in p["full_name"] for p in revealed)


def test_person_ids_are_stable_across_runs(case: dict[str, Path]) -> None:
    first = {p["person_id"] for p in api.people(case["case"], env=ENV)}
    api.resolve_people(case["case"], env=ENV)
    assert {p["person_id"] for p in api.people(case["case"], env=ENV)} == first


def test_explain_shows_mentions_weights_and_evidence_without_values(
        case: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    people = api.people(case["case"], env=ENV)
    merged = max(people, key=lambda p: p["mention_count"])
    code, out, err = run_cli(capsys, "explain", merged["person_id"], "--case", str(case["case"]),
                             "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["mentions"]) == merged["mention_count"] >= 2
    assert any(link["merged"] and link["field_weights"] for link in data["links"])
    assert {e["element"] for e in data["evidence"]} == set(merged["element_types"])
    assert not [v for v in _raw_values(case["base"]) if v in out]
    code, _, err = run_cli(capsys, "explain", "Pnope", "--case", str(case["case"]))
    assert code == 2 and "phiscope people" in err


def test_resolve_rejects_bad_thresholds(case: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    code, _, err = run_cli(capsys, "resolve", "--case", str(case["case"]), "--auto-merge", "0.3",
                           "--review", "0.6")
    assert code == 2 and "thresholds" in err
    code, _, err = run_cli(capsys, "resolve", "--case", str(case["case"]), "--workers", "-1")
    assert code == 2 and "--workers" in err


def test_resolve_in_one_process(case: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    code, _, _ = run_cli(capsys, "resolve", "--case", str(case["case"]), "--workers", "1", "--format", "json")
    assert code == 0
    one = sorted(str(p["person_id"]) for p in api.people(case["case"], env=ENV))
    api.resolve_people(case["case"], env=ENV)  # all cores: the same people, the same stable ids
    assert sorted(str(p["person_id"]) for p in api.people(case["case"], env=ENV)) == one != []


def test_eval_reports_the_person_level(case: dict[str, Path]) -> None:
    api.resolve_people(case["case"], env=ENV)
    report = api.evaluate(case["truth"], case["case"], env=ENV)
    people = report["people"]
    assert people["available"] is True
    assert people["person_recall"] > 0.6 and people["bcubed_f1"] > 0.8
