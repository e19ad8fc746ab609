"""Each parser on samples written from its format's public documentation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from phiscope.watch.events import CONNECT, EXEC, EXPORT, READ, WRITE
from phiscope.watch.parsers.registry import choose_parser, parser_classes
from tests.watch.conftest import SAMPLES, parse_sample


def _ts(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


@pytest.mark.parametrize(("name", "parser_id"), [
    ("pgaudit.log", "pgaudit"), ("mysql_enterprise.json", "mysql-audit"), ("percona.jsonl", "mysql-audit"),
    ("ehr_access.csv", "csv-access"), ("fhir_auditevent.ndjson", "fhir-auditevent"),
    ("fhir_bundle.json", "fhir-auditevent"), ("zeek_conn.log", "zeek-conn"),
    ("cloudtrail.json", "cloudtrail"),
    ("auditd.log", "auditd"),
])
def test_sniff_picks_the_right_parser(name: str, parser_id: str) -> None:
    head = (SAMPLES / name).read_text().splitlines()[:20]
    chosen = choose_parser(head)
    assert chosen is not None and chosen.id == parser_id


def test_every_parser_has_a_sample() -> None:
    assert set(parser_classes()) == {"pgaudit", "mysql-audit", "csv-access", "fhir-auditevent", "zeek-conn",
                                     "cloudtrail", "auditd"}


def test_pgaudit() -> None:
    events, stats = parse_sample("pgaudit.log")
    assert [e.actor for e in events] == ["alice", "alice", "bob", "carol"]
    a, w, copy, multi = events
    assert (a.action, a.rows, a.object, a.host, a.tool) == (READ, 2, "public.account", "10.20.1.15", "psql")
    assert a.ts == _ts("2024-03-11T10:02:11.481+00:00") and a.line == 1
    assert w.action == WRITE and "account_role_map" in w.command
    assert (copy.action, copy.rows, copy.host) == (EXPORT, 1060936, "10.0.0.123")
    assert copy.ts == _ts("2019-03-10T03:54:59+00:00")
    assert multi.rows == 412 and "WHERE p.site_id = 3" in multi.command and multi.line == 5
    assert stats.total_errors == 2  # the foreign line and the truncated audit record


def test_mysql_enterprise_and_percona() -> None:
    events, stats = parse_sample("mysql_enterprise.json")
    assert stats.total_errors == 1  # the startup marker has no user
    sel, outfile = events
    assert (sel.actor, sel.action, sel.rows, sel.host) == ("root", READ, 1060936, "::1")
    assert outfile.action == EXPORT and outfile.object == "ehr.patients"
    events, stats = parse_sample("percona.jsonl")
    assert [(e.actor, e.host, e.rows) for e in events] == [("alice", "10.1.1.4", 1), ("bob", "localhost", 0)]
    assert events[0].ts == _ts("2017-08-22T17:38:44+00:00")
    assert stats.total_errors == 1


def test_csv_access_log() -> None:
    events, stats = parse_sample("ehr_access.csv")
    assert [e.actor for e in events] == ["nur0001", "nur0001", "phy0002"]
    assert events[1].patients == ("MRN0000001", "MRN0000002") and events[1].action == EXPORT
    assert events[1].rows == 2 and events[0].role == "nurse" and events[0].host == "10.20.0.3"
    assert events[2].ts == 1710144300.0 and events[2].action == WRITE
    assert stats.total_errors == 2  # bad time, missing actor


def test_csv_column_mapping_from_config(tmp_path: Path) -> None:
    p = tmp_path / "log.csv"
    p.write_text("When,Who,Chart\n2024-01-01T00:00:00Z,u1,M1\n")
    from phiscope.watch.events import IngestStats
    from phiscope.watch.ingest import open_lines, parse_source

    opts = {"csv-access": {"columns": {"time": "When", "actor": "Who", "patients": "Chart"}}}
    events = list(parse_source(open_lines(str(p)), IngestStats(), fmt="csv-access", options=opts))
    assert [(e.actor, e.patients) for e in events] == [("u1", ("M1",))]


def test_fhir_ndjson_and_bundle() -> None:
    events, stats = parse_sample("fhir_auditevent.ndjson")
    (ev,) = events
    assert (ev.actor, ev.patients, ev.host, ev.action) == ("95", ("example",), "127.0.0.1", READ)
    assert ev.tool == "hl7connect.healthintersections.com.au"
    assert stats.total_errors == 2  # no agent/time; not an object
    events, _ = parse_sample("fhir_bundle.json")
    (ev,) = events
    assert ev.actor == "Practitioner/nur0001" and ev.role == "nurse"
    assert set(ev.patients) == {"MRN0000009", "p-42"}
    assert ev.ts == _ts("2024-03-11T08:15:00+00:00")


def test_fhir_stu3_example_from_shared_data() -> None:
    p = Path("/work/shared/data/ms_fhir_converter_samples/Stu3/AuditEvent.json")
    if not p.exists():
        pytest.skip("shared data not present")
    from phiscope.watch.events import IngestStats
    from phiscope.watch.ingest import open_lines, parse_source

    stats = IngestStats()
    events = list(parse_source(open_lines(str(p)), stats))
    assert len(events) == 1 and events[0].actor and events[0].patients


def test_zeek_conn() -> None:
    events, stats = parse_sample("zeek_conn.log")
    out, local = events
    assert (out.action, out.host, out.dest, out.bytes, out.command) == (CONNECT, "10.20.1.15", "203.0.113.50",
                                                                          250000000, "")
    assert local.command == "local"
    assert stats.total_errors == 1


def test_cloudtrail_s3() -> None:
    events, stats = parse_sample("cloudtrail.json")
    (ev,) = events
    assert (ev.actor, ev.action, ev.object, ev.bytes, ev.host) == (
        "analyst-jane", READ, "ehr-exports/claims/2024-03.csv", 73400320, "198.51.100.7")
    assert stats.total_errors == 1  # the record without identity


def test_auditd_execve() -> None:
    events, stats = parse_sample("auditd.log")
    dump, upload = events
    assert (dump.actor, dump.tool, dump.action) == ("1000", "pg_dump", EXEC)
    assert dump.command == "pg_dump -t patients ehr"
    assert (upload.actor, upload.tool, upload.host) == ("mallory", "rclone", "db01")
    assert upload.command == "rclone copy /tmp/p dir"  # hex argument decoded
    assert stats.total_errors == 1
