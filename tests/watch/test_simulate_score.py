"""The audit-log generator is deterministic, and the detectors catch its four attacks."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from phiscope.watch.score import run_on
from phiscope.watch.simulate.generate import generate


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("wsim")
    generate(d, seed=3, days=12, users=80)
    return d


def test_same_seed_same_logs(sim: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=3, days=12, users=80)
    for name in ("ehr_access.csv", "postgresql.log", "truth.json", "staff.csv", "patients.csv"):
        assert (tmp_path / name).read_bytes() == (sim / name).read_bytes(), name


def test_truth_has_the_eight_attacks_after_learning(sim: Path) -> None:
    truth = json.loads((sim / "truth.json").read_text())
    kinds = {s["kind"]: s for s in truth["scenarios"]}
    assert set(kinds) == {"chunked-export", "low-and-slow", "off-hours-dump", "vip-snooping",
                          "relative-lookup", "neighbour-lookup", "deceased-clerk", "deceased-attacker"}
    assert len({s["actor"] for s in truth["scenarios"]}) == 8  # one account per scenario
    assert kinds["chunked-export"]["rows"] == 1_060_936
    assert all(s["start"] >= truth["learn_until"] for s in truth["scenarios"])
    assert "pg_dump" in (sim / "postgresql.log").read_text()  # nightly backups are present


@pytest.mark.parametrize("mode", ["streaming", "batch"])
def test_every_attack_is_caught_in_time(sim: Path, mode: str) -> None:
    rep = run_on(sim, mode)
    res = {s["kind"]: s for s in rep["scenarios"]}
    assert all(s["caught"] for s in rep["scenarios"]), res
    assert res["relative-lookup"]["first_detector"] == "same-surname"
    assert res["neighbour-lookup"]["first_detector"].startswith("same-address:")
    for kind in ("deceased-clerk", "deceased-attacker"):
        assert res[kind]["first_detector"] == "deceased-access", kind
    assert res["deceased-clerk"]["delay_s"] == res["deceased-attacker"]["delay_s"] == 0.0
    chunk = res["chunked-export"]
    assert chunk["delay_s"] <= 900 and chunk["rows_before_alert"] < 106_094
    assert res["low-and-slow"]["delay_s"] <= 86400
    assert rep["malformed"] == 0 and rep["false_per_1000_users_day"] <= 5


def test_directories_are_written_with_relatives_and_deaths(sim: Path) -> None:
    staff = list(csv.DictReader((sim / "staff.csv").open()))
    patients = list(csv.DictReader((sim / "patients.csv").open()))
    assert len(staff) == 80 and len(patients) >= 20_000
    assert sum(1 for p in patients if p["death_date"]) >= 10
    surnames = {s["last_name"] for s in staff}
    assert sum(1 for p in patients if p["last_name"] in surnames) > 0
    assert "staff_directory" in (sim / "watch.toml").read_text()
