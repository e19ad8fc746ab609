"""``phiscope review`` through the real entry point: the masked queue, the interactive prompt, the
script forms and their errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phiscope import api
from phiscope.cli.main import app
from tests.eval.test_eval_cli import run_cli
from tests.people.review_case import ENV, SEEDED, mentions_by_path, sql

RAW = [SEEDED["First Name"], SEEDED["Last Name"], SEEDED["DOB"], SEEDED["SSN"], "219099998", "1961-01-01"]


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHISCOPE_KEY", ENV["PHISCOPE_KEY"])


def _decisions(case: Path) -> list[tuple[str, str, str, str]]:
    return [(str(a), str(b), str(d), str(r)) for a, b, d, r in sql(
        case, "SELECT left_mention, right_mention, decision, reviewer FROM link_decisions "
              "ORDER BY decided_at, left_mention")]


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_the_queue_is_masked_unless_revealed(review_base: Path, fmt: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "review", "--case", str(review_base), "--list", "--format", fmt)
    assert code == 0, err
    assert "Q****** A********" in out and "1961-**-**" in out
    assert not [v for v in RAW if v in out]
    code, out, err = run_cli(capsys, "review", "--case", str(review_base), "--list", "--format", fmt,
                             "--reveal")
    assert code == 0, err
    assert all(v in out for v in (SEEDED["First Name"], SEEDED["Last Name"], SEEDED["DOB"], "1961-01-01"))


def test_the_json_queue_has_both_sides_and_the_weights(review_base: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "review", "--case", str(review_base), "--list", "--format", "json")
    assert code == 0, err
    items = json.loads(out)
    assert len(items) >= 4
    probs = [i["match_probability"] for i in items]
    assert probs == sorted(probs, reverse=True)
    first = items[0]
    assert first["field_weights"]["last_name"] > 0 and first["left"]["where"].startswith("r")
    assert {first["left"]["kind"], first["right"]["kind"]} == {"row"}
    assert first["left"]["person_id"] != first["right"]["person_id"]


def test_the_prompt_records_each_answer_at_once(review_case: Path) -> None:
    queue = api.review_queue(review_case, env=ENV)
    assert len(queue) >= 3
    result = CliRunner().invoke(app, ["review", "--case", str(review_case), "--reviewer", "ana"],
                                input="l\nd\nq\n", env=ENV)
    assert result.exit_code == 0, result.output
    assert "[l]ink / [d]istinct / [s]kip / [q]uit" in result.output
    assert not [v for v in RAW if v in result.output]
    pairs = [(q["left_mention"], q["right_mention"]) for q in queue[:2]]
    assert _decisions(review_case) == [(*pairs[0], "must_link", "ana"), (*pairs[1], "cannot_link", "ana")]
    assert "phiscope resolve" in result.output
    left = api.review_queue(review_case, env=ENV)
    assert [(q["left_mention"], q["right_mention"]) for q in left] == [
        (q["left_mention"], q["right_mention"]) for q in queue[2:]]


def test_end_of_input_quits_and_keeps_decisions(review_case: Path) -> None:
    result = CliRunner().invoke(app, ["review", "--case", str(review_case), "--reveal"], input="s\nd\n",
                                env=ENV)
    assert result.exit_code == 0, result.output
    assert SEEDED["Last Name"] in result.output  # revealed
    assert [d[2] for d in _decisions(review_case)] == ["cannot_link"]


def test_decide_and_import(review_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ehr, billing = mentions_by_path(review_case)["ehr.csv"], mentions_by_path(review_case)["billing.csv"]
    code, out, err = run_cli(capsys, "review", "--case", str(review_case), "--decide", ehr[0], billing[0],
                             "--link", "--note", "checked", "--reviewer", "bo", "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["decision"] == "must_link" and "phiscope resolve" in err
    assert sql(review_case, "SELECT note FROM link_decisions") == [("checked",)]
    path = tmp_path / "decisions.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([["left_mention", "right_mention", "decision"], [billing[0], ehr[0], "distinct"],
                     [ehr[1], billing[2], "must_link"]])
    code, out, err = run_cli(capsys, "review", "--case", str(review_case), "--import", str(path),
                             "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0] == {"decisions": 2, "must_link": 1, "cannot_link": 1}
    assert {(d[0], d[1], d[2]) for d in _decisions(review_case)} == {
        (*sorted((ehr[0], billing[0])), "cannot_link"), (*sorted((ehr[1], billing[2])), "must_link")}


@pytest.mark.parametrize(("args", "message"), [
    (["--decide", "0123456789abcdef0123", "fedcba98765432100123", "--link"], "unknown mention id"),
    (["--decide", "0123456789abcdef0123", "fedcba98765432100123"], "--link"),
    (["--link"], "--decide"),
    (["--list", "--import", "x.csv"], "one of"),
    (["--import", "missing.csv"], "not found"),
])
def test_usage_errors_exit_2_without_a_traceback(review_case: Path, capsys: pytest.CaptureFixture[str],
                                                 args: list[str], message: str) -> None:
    code, _, err = run_cli(capsys, "review", "--case", str(review_case), *args)
    assert code == 2 and message in err and "Traceback" not in err
    assert _decisions(review_case) == []


def test_a_bad_import_records_nothing(review_case: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    ehr = mentions_by_path(review_case)["ehr.csv"]
    path = tmp_path / "bad.csv"
    path.write_text(f"left_mention,right_mention,decision\n{ehr[0]},{ehr[1]},link\n{ehr[0]},{ehr[2]},maybe\n"
                    f"{ehr[0]},deadbeefdeadbeefdead,distinct\n")
    code, _, err = run_cli(capsys, "review", "--case", str(review_case), "--import", str(path))
    assert code == 2 and "line(s) 3" in err
    path.write_text(f"left_mention,right_mention,decision\n{ehr[0]},deadbeefdeadbeefdead,distinct\n")
    code, _, err = run_cli(capsys, "review", "--case", str(review_case), "--import", str(path))
    assert code == 2 and "deadbeefdeadbeefdead" in err
    assert _decisions(review_case) == []


def test_review_before_resolution_says_what_to_run(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from phiscope.store import CaseStore
    from tests.store.store_helpers import FAST_KDF, KEY

    CaseStore.create(tmp_path / "empty", KEY, FAST_KDF).close()
    code, _, err = run_cli(capsys, "review", "--case", str(tmp_path / "empty"), "--list")
    assert code == 2 and "phiscope resolve" in err
