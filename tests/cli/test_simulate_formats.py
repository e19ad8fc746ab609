"""``phiscope simulate --formats``: only the chosen format groups are written; an unknown one is a
usage error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.eval.test_eval_cli import run_cli


def test_only_the_chosen_formats_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    code, _, err = run_cli(capsys, "simulate", "--out", str(out), "--patients", "40", "--seed", "3",
                           "--formats", "sql, hl7", "--format", "json")
    assert code == 0, err
    suffixes = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert suffixes == {".sql", ".hl7"}
    assert (tmp_path / "corpus.truth").is_dir()


def test_an_unknown_format_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "simulate", "--out", str(tmp_path / "c"), "--formats", "sql,parquet")
    assert code == 2 and "parquet" in err and "Traceback" not in err
