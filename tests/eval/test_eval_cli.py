"""`phiscope eval` end to end: simulate, scan, score — the numbers agree with bench/accuracy.py."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.cli.main import main
from phiscope.detectors.registry import load_detectors
from phiscope.simulate.corpus import generate
from phiscope.simulate.truth import CorpusTruth
from tests.eval.test_adapters import _fake_presidio

KEY = "eval-test-key-0123"
ENV = {"PHISCOPE_KEY": KEY}
BENCH = Path(__file__).resolve().parents[2] / "bench" / "accuracy.py"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the real entry point in-process; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as e:
        main(list(argv))
    out = capsys.readouterr()
    return int(e.value.code or 0), out.out, out.err


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("eval")
    generate(base / "corpus", 30, 11)
    api.scan([str(base / "corpus")], base / "case", options=api.ScanOptions(workers=2), env=ENV)
    return {"base": base, "corpus": base / "corpus", "truth": base / "corpus.truth", "case": base / "case"}


def test_eval_json_is_sane_and_matches_bench_accuracy(
    scanned: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    code, out, err = run_cli(
        capsys, "eval", "--truth", str(scanned["truth"]), "--case", str(scanned["case"]), "--format", "json"
    )
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    rows = {r["element"]: r for r in report["elements"]}
    total = rows["all"]
    assert total["recall"] > 0.85 and total["precision"] > 0.95
    assert rows["ssn"]["recall"] > 0.9 and rows["email"]["precision"] > 0.9
    assert report["documents"]["file_recall"] > 0.9 and report["documents"]["phi_free_files_flagged"] == 0
    assert report["people"]["available"] is False
    assert report["case"]["findings_outside_corpus"] == 0
    # bench/accuracy.py on the same case: same recall and precision per element
    spec = importlib.util.spec_from_file_location("bench_accuracy", BENCH)
    assert spec and spec.loader
    accuracy = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_accuracy", accuracy)  # dataclasses look their module up
    spec.loader.exec_module(accuracy)
    truth = CorpusTruth.read_jsonl(scanned["base"] / "corpus.truth.jsonl").records
    found = list(api.findings(scanned["case"], reveal=True, env=ENV))
    paths = api.document_paths(scanned["case"], env=ENV)
    expanded = [dict(f, path=p) for f in found for p in paths.get(f["doc_sha"], [f["path"]])]
    bench = accuracy.score(truth, expanded, str(scanned["corpus"]), load_detectors())
    for element, s in bench.items():
        assert rows[element]["doc_values"] == s.truth and rows[element]["findings"] == s.findings
        assert rows[element]["doc_value_recall"] == (round(s.recall, 4) if s.truth else None)
        assert rows[element]["doc_value_precision"] == (round(s.precision, 4) if s.findings else None)
    # no raw value of the truth is printed
    values = {r.value for r in truth if len(r.value) >= 6}
    assert not [v for v in values if v in out or v in err]


def test_eval_table(
    scanned: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    code, out, err = run_cli(capsys, "eval", "-t", str(scanned["truth"]), "-c", str(scanned["case"]))
    assert code == 0 and "person_name" in out and "documents" in out and "not available" not in err
    assert "scored" in err and "simulator" in err


def test_usage_errors_exit_2(
    scanned: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    for argv in (
        ["eval", "--truth", str(tmp_path / "nope"), "--case", str(scanned["case"])],
        ["eval", "--truth", str(scanned["truth"])],
        ["eval", "--truth", str(tmp_path), "--case", str(scanned["case"])],
        ["eval", "--truth", str(scanned["truth"]), "--export-corpus", str(tmp_path / "x")],
    ):
        code, _, err = run_cli(capsys, *argv)
        assert code == 2 and "Traceback" not in err and err.startswith("error:"), (argv, err)


def test_export_scan_eval_external(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", KEY)
    src = _fake_presidio(tmp_path)
    code, _, err = run_cli(capsys, "eval", "--truth", str(src), "--export-corpus", str(tmp_path / "texts"))
    assert code == 0 and "wrote 2" in err
    api.scan([str(tmp_path / "texts")], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    code, out, err = run_cli(
        capsys, "eval", "--truth", str(src), "--case", str(tmp_path / "case"), "-f", "json"
    )
    assert code == 0, err
    report = json.loads(out)
    labels = {r["label"]: r for r in report["labels"]}
    assert labels["PHONE_NUMBER"]["recall"] == 1.0
    assert report["truth"]["match_by"] == "span" and report["documents"]["phi_documents"] == 1
