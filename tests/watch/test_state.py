"""Baselines saved between runs: learn on days 1-7, save, restart on days 8-12 with the state
and get the alerts one continuous run gives; no patient identifiers in the file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.errors import ConfigError
from phiscope.watch.simulate.generate import generate

KEY = b"a-test-key-not-secret"


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A simulated hospital, and its logs cut at the end of the learning week into a/ and b/."""
    d = tmp_path_factory.mktemp("state")
    truth = generate(d, seed=5, days=12, users=70)
    cut = float(truth["learn_until"])
    at = dt.datetime.fromtimestamp(cut, dt.UTC)
    csv_cut, pg_cut = at.strftime("%Y-%m-%dT%H:%M:%S"), at.strftime("%Y-%m-%d %H:%M:%S")
    head, *rows = (d / "ehr_access.csv").read_text().splitlines(keepends=True)
    pg = (d / "postgresql.log").read_text().splitlines(keepends=True)
    for part, before in (("a", True), ("b", False)):
        (d / part).mkdir()
        (d / part / "ehr.csv").write_text(head + "".join(r for r in rows if (r < csv_cut) == before))
        (d / part / "pg.log").write_text("".join(line for line in pg if (line[:19] < pg_cut) == before))
    return d, cut


def _run(d: Path, paths: list[Path], **kw: Any) -> tuple[list[tuple[str, str, float, str]], dict[str, Any]]:
    got: list[Any] = []
    info = api.watch_run([str(p) for p in paths], config=d / "watch.toml", on_alert=got.append, **kw)
    return [(a.detector, a.actor, a.ts, a.explanation) for a in got], info


def test_restart_with_state_gives_the_alerts_of_one_continuous_run(split: tuple[Path, float],
                                                                  tmp_path: Path) -> None:
    d, cut = split
    whole, _ = _run(d, [d / "ehr_access.csv", d / "postgresql.log"], learn_until=cut, key=KEY)
    state = tmp_path / "watch.state"
    first, _ = _run(d, [d / "a" / "ehr.csv", d / "a" / "pg.log"], learn_until=cut, state=state, key=KEY)
    second, info = _run(d, [d / "b" / "ehr.csv", d / "b" / "pg.log"], state=state, key=KEY)
    assert first == [] and len(whole) > 10
    assert second == whole
    assert any("baselines restored" in n for n in info["notes"])
    cold, _ = _run(d, [d / "b" / "ehr.csv", d / "b" / "pg.log"], key=KEY)  # no state: learns from zero
    assert cold != whole


def test_state_file_has_no_patient_identifiers(split: tuple[Path, float], tmp_path: Path) -> None:
    d, cut = split
    state = tmp_path / "s.json"
    _run(d, [d / "a" / "ehr.csv"], learn_until=cut, state=state, key=KEY)
    text = state.read_text()
    data = json.loads(text)
    assert data["format"] == "phiscope-watch-state" and data["patient_refs"] is True
    assert "MRN" not in text and data["detectors"]["vip-access"]["team"]  # care teams by reference
    assert data["detectors"]["volume"]["windows"]["rows:5m"]["own"]
    assert oct(state.stat().st_mode & 0o777) == "0o600"
    _run(d, [d / "a" / "ehr.csv"], learn_until=cut, state=tmp_path / "nokey.json")
    nokey = json.loads((tmp_path / "nokey.json").read_text())
    assert nokey["patient_refs"] is False and nokey["detectors"]["vip-access"] == {}


def test_alerted_windows_stay_unlearned_across_a_restart(tmp_path: Path) -> None:
    from phiscope.watch.config import load_config
    from phiscope.watch.detectors.volume import VolumeDetector
    from phiscope.watch.engine import WatchEngine
    from phiscope.watch.events import READ, AccessEvent
    from phiscope.watch.state import load_state, save_state

    eng = WatchEngine(load_config())
    for day in range(10):
        for q in range(6):
            eng.observe(AccessEvent(ts=1_709_510_400 + day * 86400 + 36000 + q * 1800, actor="a", action=READ,
                                    rows=300, role="analyst"))
    burst = 1_709_510_400 + 11 * 86400 + 36000
    assert eng.observe(AccessEvent(ts=burst, actor="a", action=READ, rows=90_000))  # alerts
    save_state(eng, tmp_path / "s", burst)
    again = WatchEngine(load_config())
    load_state(again, tmp_path / "s")
    vol = next(d for d in again.detectors if isinstance(d, VolumeDetector))
    before = list(vol.own[0]["a"].values)
    again.observe(AccessEvent(ts=burst + 60, actor="a", action=READ, rows=10))  # same window: no new alert
    again.observe(AccessEvent(ts=burst + 3600, actor="a", action=READ, rows=10))  # closes it
    assert list(vol.own[0]["a"].values) == before  # the alerted window was not learned


def test_damaged_or_foreign_state_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    for text, match in (("{not json", "cannot read"), ('{"format": "x"}', "not a phiscope watch state"),
                        ('{"format": "phiscope-watch-state", "version": 99}', "version 99"),
                        ('{"format": "phiscope-watch-state", "version": 1, "detectors": {"volume": '
                         '{"windows": {"rows:5m": {"open": {"a": {"wid": "x"}}}}}}}', "damaged")):
        bad.write_text(text)
        with pytest.raises(ConfigError, match=match):
            api.watch_run([str(tmp_path / "none.log")], state=bad)


def test_state_file_named_in_the_config(tmp_path: Path) -> None:
    from tests.watch.conftest import SAMPLES

    cfg = tmp_path / "watch.toml"
    cfg.write_text('[general]\nstate_file = "kept.json"\n')
    api.watch_run([str(SAMPLES / "pgaudit.log")], config=cfg)
    saved = json.loads((tmp_path / "kept.json").read_text())
    assert saved["last_event"] is not None and "bob" in json.dumps(saved["detectors"]["new-host"])
