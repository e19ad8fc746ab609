"""The rule files: every jurisdiction present, every value with a citation and a verified flag."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

from phiscope.errors import ConfigError
from phiscope.obligations.loader import RuleBook, default_rules_dir, load_rulebook

REFERENCE = Path("/work/shared/reference/state_breach_laws.csv")
ROOT = Path(__file__).resolve().parents[2]
_NAMES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
STATES = set(_NAMES.split())
CHECKED = {"ME", "CT", "CA", "NY", "TX", "FL", "MA", "IN", "MD", "MT", "NH", "VT"}


def test_every_jurisdiction_has_a_file(book: RuleBook) -> None:
    assert set(book.states) == STATES | {"DC", "PR", "GU", "VI"}
    assert len(STATES) == 50 and book.hipaa.code == "HIPAA"


def test_every_rule_value_has_a_citation_and_a_verified_flag() -> None:
    for path in sorted(default_rules_dir().glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        tables = list(data["rules"].values()) + data.get("extra_notices", [])
        for rule in tables:
            assert isinstance(rule["citation"], str) and rule["citation"].strip(), path.name
            assert isinstance(rule["verified"], bool), path.name
            assert ("value" in rule) != (rule.get("known") is False), path.name
            if rule.get("known") is False:
                assert rule["verified"] is False, path.name


def test_only_checked_rows_carry_verified_state_rules(book: RuleBook) -> None:
    for code, j in book.states.items():
        verified = [r.key for r in j.rules.values() if r.verified]
        assert bool(verified) == (code in CHECKED), (code, verified)


def test_unknown_cells_stay_unknown(book: RuleBook) -> None:
    assert not book.states["FL"].rule("credit_monitoring").known  # only the dataset claims one
    assert not book.states["MA"].rule("hipaa_deemed_compliance").known  # 93H § 5 not retrieved
    assert not book.states["ME"].rule("cra_count_basis").known  # residents or all persons?
    assert not book.states["GU"].rule("substitute_notice").known
    assert not book.states["VI"].rule("key_compromise_voids_safe_harbor").known
    assert not book.states["MD"].rule("individual_deadline").verified  # discovery vs investigation
    assert not book.hipaa.rule("minors").known


def test_key_numbers_match_the_reference(book: RuleBook) -> None:
    s = book.states
    assert s["CA"].rule("individual_deadline").value["days"] == 30
    assert s["CA"].rule("regulator_threshold").value == {"op": ">", "n": 500}
    assert s["TX"].rule("regulator_threshold").value == {"op": ">=", "n": 250}
    assert s["TX"].rule("cra_threshold").value == {"op": ">", "n": 10000}
    assert s["NY"].rule("cra_threshold").value == {"op": ">", "n": 5000}
    assert s["CT"].rule("credit_monitoring").value["months"] == 24
    assert s["MA"].rule("credit_monitoring").value["months"] == 18
    assert s["MA"].rule("content_prohibited").verified
    assert book.hipaa.rule("hhs_threshold").value == {"op": ">=", "n": 500}
    assert book.hipaa.rule("media_threshold").value == {"op": ">", "n": 500}


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_loader_reports_every_problem_at_once(tmp_path: Path) -> None:
    shutil.copy(default_rules_dir() / "hipaa.toml", tmp_path)
    ct = (default_rules_dir() / "ct.toml").read_text(encoding="utf-8")
    bad = ct.replace(
        'citation = "Perkins Coie CT chart; CT AG FAQ (reference README §0)"', 'citation = ""', 1
    )
    bad = bad.replace("value = true\n", 'value = "yes"\n', 1)
    _write(tmp_path, "ct.toml", bad + '\n[rules.invented]\nvalue = 1\ncitation = "x"\nverified = true\n')
    with pytest.raises(ConfigError) as e:
        load_rulebook(tmp_path)
    msg = str(e.value)
    assert "citation must be a non-empty string" in msg
    assert "wrong shape" in msg and "unknown rule 'invented'" in msg


def test_loader_refuses_a_verified_unknown(tmp_path: Path) -> None:
    shutil.copy(default_rules_dir() / "hipaa.toml", tmp_path)
    text = (default_rules_dir() / "hipaa.toml").read_text(encoding="utf-8")
    _write(
        tmp_path,
        "hipaa.toml",
        text.replace(
            '[rules.minors]\nknown = false\ncitation = "45 CFR 164.502(g) '
            '(personal representatives) was not retrieved"\nverified = false',
            '[rules.minors]\nknown = false\ncitation = "x"\nverified = true',
        ),
    )
    with pytest.raises(ConfigError, match="cannot be verified"):
        load_rulebook(tmp_path)


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference CSV not available")
def test_converter_reproduces_the_shipped_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "state_laws_to_toml", ROOT / "scripts" / "state_laws_to_toml.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec.loader.exec_module(mod)
        assert mod.main([str(REFERENCE), "--out", str(tmp_path)]) == 0
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    assert len(rows) == 54
    for row in rows:
        name = f"{row['state_code'].lower()}.toml"
        assert (tmp_path / name).read_text() == (default_rules_dir() / name).read_text(), name
