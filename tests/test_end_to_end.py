"""The whole scan through the real CLI entry point: simulate, scan, list — and
prove that seeded raw values never leak into the case directory or output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from phiscope.simulate.corpus import generate
from phiscope.simulate.truth import TruthRecord

KEY = "test-key-0123456789"


def phiscope(*args: str, key: str = KEY, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``python -m phiscope`` like a user would."""
    env = {**os.environ, "PHISCOPE_KEY": key}
    proc = subprocess.run([sys.executable, "-m", "phiscope", *args], capture_output=True, text=True,
                          env=env, timeout=600)
    if check and proc.returncode not in (0, 3):
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("e2e")
    corpus = root / "corpus"
    truth_path = root / "truth.jsonl"
    generate(corpus, patients=12, seed=3, truth_path=truth_path)
    truth = [TruthRecord.from_json(x) for x in truth_path.read_text().splitlines() if x]
    case = root / "case"
    outputs = [phiscope("scan", str(corpus), "--case", str(case))]
    for cmd in (["summary"], ["findings"], ["errors"], ["findings", "--format", "csv"],
                ["findings", "--format", "ndjson"], ["summary", "--format", "json"]):
        outputs.append(phiscope(*cmd, "--case", str(case)))
    return {"corpus": corpus, "case": case, "truth": truth, "outputs": outputs}


def _seeded(truth: list[TruthRecord], elements: tuple[str, ...]) -> set[str]:
    return {t.value for t in truth if t.element in elements and len(t.value) >= 6}


def test_scan_exit_code_and_summary(scanned: dict[str, object]) -> None:
    outputs = scanned["outputs"]
    assert isinstance(outputs, list)
    assert outputs[0].returncode == 0, outputs[0].stderr
    summary = json.loads(outputs[-1].stdout)[0]
    elements = {row["element"] for row in summary["findings"]}
    assert {"ssn", "person_name", "dob", "phone", "email", "mrn", "street_address"} <= elements
    assert "Traceback" not in "".join(o.stderr for o in outputs)


def test_no_seeded_value_leaks_into_case_files_or_output(scanned: dict[str, object]) -> None:
    truth = scanned["truth"]
    assert isinstance(truth, list)
    secrets = _seeded(truth, ("ssn", "person_name", "street_address"))
    assert len(secrets) > 20
    case = scanned["case"]
    assert isinstance(case, Path)
    blobs = [p.read_bytes() for p in case.rglob("*") if p.is_file()]
    assert blobs
    outputs = scanned["outputs"]
    assert isinstance(outputs, list)
    text = "".join(o.stdout + o.stderr for o in outputs)
    for s in secrets:
        raw = s.encode()
        assert not any(raw in b for b in blobs), "a seeded value is stored in plain text"
        assert s not in text, "a seeded value was printed without --reveal"


def test_reveal_shows_raw_values(scanned: dict[str, object]) -> None:
    truth = scanned["truth"]
    assert isinstance(truth, list)
    ssns = {t.value for t in truth if t.element == "ssn"}
    out = phiscope("findings", "--case", str(scanned["case"]), "--element", "ssn", "--reveal",
                   "--format", "ndjson").stdout
    assert ssns & {json.loads(line)["value"] for line in out.splitlines()}


def test_rescan_adds_nothing(scanned: dict[str, object]) -> None:
    case = str(scanned["case"])
    before = phiscope("findings", "--case", case, "--format", "ndjson").stdout
    again = phiscope("scan", str(scanned["corpus"]), "--case", case, "--format", "json")
    assert json.loads(again.stdout)[0]["findings"] == 0
    assert phiscope("findings", "--case", case, "--format", "ndjson").stdout == before


def test_wrong_key_is_refused(scanned: dict[str, object]) -> None:
    proc = phiscope("summary", "--case", str(scanned["case"]), key="not-the-right-key", check=False)
    assert proc.returncode == 2
    assert "key does not open" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_key_and_bad_usage_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PHISCOPE_KEY"}
    proc = subprocess.run([sys.executable, "-m", "phiscope", "summary", "--case", str(tmp_path / "c")],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "PHISCOPE_KEY" in proc.stderr
    proc = phiscope("scan", str(tmp_path / "missing"), "--case", str(tmp_path / "c"), check=False)
    assert proc.returncode == 2 and "no such file" in proc.stderr
    proc = phiscope("findings", "--case", str(tmp_path), "--format", "xml", check=False)
    assert proc.returncode == 2
