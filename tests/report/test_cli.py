"""``phiscope run``, ``report`` and ``qc`` through the real entry point."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def phiscope(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "phiscope", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300, check=False)


def test_run_report_and_qc_verbs(case: dict[str, Any], tmp_path: Path) -> None:
    env, c, root = case["env"], str(case["case"]), case["root"]
    run = phiscope(env, "run", str(root / "corpus"), "--case", c, "--incident", str(root / "incident.toml"),
                   "--report-out", str(tmp_path), "--no-pdf", "--quiet", "--format", "json")
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"report: {tmp_path / 'report.html'}" in run.stderr
    assert '"status": "skipped"' in run.stdout and '"stage": "report"' in run.stdout
    rep = phiscope(env, "report", "--case", c, "--out", str(tmp_path / "r"), "--no-pdf")
    assert rep.returncode == 0 and rep.stdout.strip() == str(tmp_path / "r" / "report.html")
    sample = phiscope(env, "qc", "sample", "--case", c, "--seed", "3", "--qc-people", "2", "--format", "csv")
    assert sample.returncode == 0, sample.stderr
    rows = list(csv.DictReader(io.StringIO(sample.stdout)))
    assert [r["kind"] for r in rows][:2] == ["person", "person"]
    sheet = tmp_path / "answers.csv"
    with sheet.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["item", "answer"])
        w.writeheader()
        w.writerow({"item": rows[0]["item"], "answer": "correct"})
    rec = phiscope(env, "qc", "record", "--case", c, "--seed", "3", "--qc-people", "2",
                   "--from-csv", str(sheet),
                   f"{rows[1]['item']}=not-a-person", "--reviewer", "qa")
    assert rec.returncode == 0, rec.stderr
    assert "people correct 50.0%" in rec.stderr
    bad = phiscope(env, "qc", "record", "--case", c, "nonsense")
    assert bad.returncode == 2 and "ITEM=ANSWER" in bad.stderr
