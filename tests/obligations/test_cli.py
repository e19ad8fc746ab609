"""``phiscope obligations`` and ``phiscope incident init`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phiscope.cli.main import main

PEOPLE = (
    "person_id,state,is_minor,is_deceased,has_usable_address,name_exposed,elements,count\n"
    "p1,CT,false,false,true,true,ssn;icd10_diagnosis;person_name,1\n"
    "p2,MA,false,false,true,true,icd10_diagnosis;person_name,1\n"
    "grp,TX,false,false,true,true,ssn;person_name,300\n"
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main(argv)
    out = capsys.readouterr()
    return int(e.value.code or 0), out.out, out.err


@pytest.fixture
def files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    inc = tmp_path / "incident.toml"
    assert _run(["incident", "init", str(inc)], capsys)[0] == 0
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE)
    return inc, people


def test_table_has_banner_obligations_and_calendar(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    inc, people = files
    rc, out, err = _run(["obligations", "--incident", str(inc), "--people", str(people)], capsys)
    assert rc == 0 and "not legal advice" in err and "not verified" in err
    assert "obligations" in out and "calendar" in out and "regulator notice" in out


def test_json_output(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    inc, people = files
    rc, out, _ = _run(["obligations", "-i", str(inc), "--people", str(people), "--format", "json"], capsys)
    data = json.loads(out)
    assert rc == 0 and data["people"] == 302 and data["unverified_rules"]
    tx = [o for o in data["obligations"] if o["obligation"] == "regulator notice" and o["law"] == "TX"]
    assert tx and tx[0]["due"] == "2026-02-01" and tx[0]["verified"] is True


def test_explain_a_person(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    inc, people = files
    rc, out, _ = _run(
        ["obligations", "-i", str(inc), "--people", str(people), "--explain", "p2", "-f", "json"], capsys
    )
    steps = json.loads(out)
    assert rc == 0 and any(s["rule"] == "MA.pi_elements" and "no element" in s["finding"] for s in steps)


def test_usage_errors_exit_2_without_traceback(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inc, people = files
    rc, _, err = _run(["obligations", "-i", str(inc)], capsys)
    assert rc == 2 and "--people" in err and "Traceback" not in err
    rc, _, err = _run(["obligations", "-i", str(tmp_path / "x.toml"), "--people", str(people)], capsys)
    assert rc == 2 and "incident init" in err
    rc, _, err = _run(["obligations", "-i", str(inc), "--people", str(people), "--explain", "nobody"], capsys)
    assert rc == 2 and "no person" in err
    rc, _, err = _run(["incident", "init", str(inc)], capsys)
    assert rc == 2 and "--force" in err
