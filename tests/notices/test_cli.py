"""``phiscope notices`` and ``phiscope notices verify`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from phiscope.store import CaseStore
from tests.notices.conftest import ENV, people_file
from tests.notices.helpers import write_inputs
from tests.store.store_helpers import FAST_KDF, KEY


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "phiscope", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=120,
    )


def test_notices_then_verify(tmp_path: Path) -> None:
    incident, codes = write_inputs(tmp_path)
    CaseStore.create(tmp_path / "case", KEY, FAST_KDF).close()
    r = _cli(
        "notices",
        "--case",
        str(tmp_path / "case"),
        "--incident",
        str(incident),
        "--out",
        str(tmp_path / "out"),
        "--people",
        str(people_file(tmp_path)),
        "--codes",
        str(codes),
        "--workers",
        "2",
        "--format",
        "json",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["letters"] == 7 and "Núñez" not in r.stderr + r.stdout
    assert (tmp_path / "out" / "filings" / "hhs.json").is_file()
    v = _cli("notices", "verify", "--out", str(tmp_path / "out"), "--format", "json")
    assert v.returncode == 0 and json.loads(v.stdout)["failures"] == []
    hhs = json.loads((tmp_path / "out" / "filings" / "hhs.json").read_text())
    assert (
        hhs["breach"]["approximate_individuals_affected"] == 8
        and "Demographic: SSN" in hhs["breach"]["type_of_phi_involved"]
    )
