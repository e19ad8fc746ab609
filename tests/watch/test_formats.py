"""The simulator's writers for the other log formats: what they write is sniffed as that format
and parses back into the same accesses (actor, time, patients, command)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest

from phiscope.watch.events import CONNECT, EXEC, READ, AccessEvent, IngestStats
from phiscope.watch.ingest import parse_source
from phiscope.watch.simulate import formats

T = 1_710_151_331.481
EVENTS = [AccessEvent(ts=T + i * 61.5, actor=f"nur{i:04d}", action=READ, role="nurse",
                      host=f"10.20.0.{i + 2}", object="chart", patients=(f"MRN{i:07d}",), rows=1,
                      bytes=1500 * (i + 1), tool="psql",
                      command=f"pg_dump -t public.patients{i} ehr", dest="10.9.0.5") for i in range(5)]


def _parse(lines: Iterable[str]) -> tuple[list[AccessEvent], IngestStats]:
    stats = IngestStats()
    return list(parse_source(list(lines), stats)), stats


@pytest.mark.parametrize(("write", "parser_id"), [
    (formats.fhir_lines, "fhir-auditevent"), (formats.percona_lines, "mysql-audit"),
    (formats.auditd_lines, "auditd"), (formats.cloudtrail_lines, "cloudtrail"),
    (formats.zeek_lines, "zeek-conn"),
])
def test_written_lines_parse_back(write: Callable[[Iterable[AccessEvent]], Iterator[str]],
                                  parser_id: str) -> None:
    events, stats = _parse(write(EVENTS))
    assert stats.total_errors == 0 and stats.events == {parser_id: 5}
    for got, want in zip(events, EVENTS, strict=True):
        assert got.ts == pytest.approx(want.ts, abs=1e-3 if parser_id != "cloudtrail" else 1.0)
        if parser_id == "zeek-conn":
            assert (got.action, got.host, got.dest, got.bytes) == (CONNECT, want.host, want.dest, want.bytes)
        elif parser_id == "fhir-auditevent":
            assert (got.actor, got.role, got.host, got.patients) == (f"Practitioner/{want.actor}", "nurse",
                                                                     want.host, want.patients)
        elif parser_id == "auditd":
            assert (got.actor, got.action, got.tool) == (want.actor, EXEC, "pg_dump")
            assert got.command == want.command
        elif parser_id == "mysql-audit":
            assert (got.actor, got.host, got.command, got.rows) == (want.actor, want.host, want.command, 1)
        else:
            assert (got.actor, got.object, got.bytes, got.dest) == (want.actor, f"ehr-exports/{want.object}",
                                                                    want.bytes, "s3.amazonaws.com")


def test_auditd_hex_encodes_arguments_with_quotes() -> None:
    ev = AccessEvent(ts=T, actor="mallory", action=EXEC, command='sh -c "curl x"', host="db01")
    (got,), _ = _parse(formats.auditd_lines([ev]))
    assert got.command == 'sh -c "curl x"' and got.host == "db01"
