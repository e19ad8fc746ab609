"""Mentions built a part of the documents at a time, in worker processes, are the ones one builder makes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from phiscope.people.build import build_into, parts
from phiscope.people.mentions import MentionBuilder, stream_order
from phiscope.people.spill import MentionSpill
from phiscope.store.db import scratch
from tests.people.test_spill import DAY, _finding, _findings

_FIELDS = ("finding_id", "doc_sha", "path", "element", "detector_id", "value", "row_key", "role", "column",
           "line", "offset", "page", "json_path", "flags", "mime_part")


def _batches(findings: list[dict[str, Any]], size: int) -> list[pa.RecordBatch]:
    ordered = sorted(findings, key=stream_order)
    table = pa.Table.from_pylist([{k: f.get(k) for k in _FIELDS} for f in ordered])
    return table.to_batches(max_chunksize=size)


def test_parts_end_where_a_document_ends() -> None:
    docs = ["a", "a", "b", "b", "b", "c", "d", "d"]
    batches = pa.table({"doc_sha": docs, "n": list(range(8))}).to_batches(max_chunksize=3)
    cut = list(parts(batches, 2))
    assert [t.column("doc_sha").to_pylist() for t in cut] == [["a", "a"], ["b", "b", "b"], ["c"], ["d", "d"]]
    one = list(parts(batches, 100))
    assert [t.column("n").to_pylist() for t in one] == [list(range(8))]


def test_a_document_larger_than_a_part_is_cut_between_rows_unless_it_groups_json() -> None:
    rows = ["r1", "r1", "r2", "r2", "r2", "r3", None, None]
    table = pa.table({"doc_sha": ["d"] * 8, "row_key": rows, "json_path": [None] * 8, "role": [None] * 8})
    cut = list(parts(table.to_batches(max_chunksize=3), 3))
    expected = [["r1", "r1"], ["r2", "r2", "r2"], ["r3", None, None]]  # free text waits at the end
    assert [t.column("row_key").to_pylist() for t in cut] == expected
    json = table.set_column(2, "json_path", pa.array(["$.p[0].name"] + [None] * 7))
    assert len(list(parts(json.to_batches(max_chunksize=3), 3))) == 1


def _mentions(con: Any, spill: MentionSpill) -> list[tuple[Any, ...]]:
    spill.flush()
    return con.execute(spill.mentions_sql()).fetchall()  # type: ignore[no-any-return]


def _one_builder(con: Any, findings: list[dict[str, Any]]
                 ) -> tuple[MentionSpill, list[tuple[Any, ...]], dict[tuple[str, str], Any]]:
    """The findings through one ``MentionBuilder``: its spill, mentions and loose findings."""
    one = MentionSpill(con, DAY)
    builder = MentionBuilder(sink=one.add)
    for f in sorted(findings, key=stream_order):
        builder.add(f)
    builder.finish()
    return one, _mentions(con, one), builder.loose


def _built(con: Any, findings: list[dict[str, Any]], workers: int, part: int) -> tuple[MentionSpill, Any]:
    """The findings built in parts of ``part`` (``build_into``): the spill and the finished builder."""
    apart = MentionSpill(con, dt.date(2026, 11, 27))
    return apart, build_into(apart, _batches(findings, 4), len(findings), workers, part=part, parallel_min=0)


@pytest.mark.parametrize(("workers", "part"), [(1, 5), (2, 5), (2, 1)])
def test_parts_built_apart_give_the_mentions_one_builder_gives(tmp_path: Path, workers: int,
                                                               part: int) -> None:
    findings = _findings() + [{**f, "doc_sha": f"x{f['doc_sha']}", "finding_id": f"x{f['finding_id']}"}
                              for f in _findings()]
    con = scratch(tmp_path)
    try:
        one, expected, loose = _one_builder(con, findings)
        rows_one, thin_one = one.linkage()
        one.close()
        apart, built = _built(con, findings, workers, part)
        assert _mentions(con, apart) == expected and len(expected) == 22
        assert built.findings == len(findings) and built.loose == loose
        rows, thin = apart.linkage()
        assert rows.table.equals(rows_one.table) and thin == thin_one
    finally:
        con.close()


def _records() -> list[dict[str, Any]]:
    """Records with roles (a patient, a next of kin, a payer: a business record, no mention), a
    record whose role is empty (a row), a JSON-lines record whose array findings group by record
    and whose other findings by row key, a row of codes only (loose), a row's findings on two lines."""
    def rec(fid: str, element: str, value: str, row: str, role: str | None, **kw: Any) -> dict[str, Any]:
        return {**_finding(fid, element, value, kw.pop("column", ""), row, kw.pop("doc", "h1")), "role": role,
                **kw}
    return [
        rec("r1", "person_name", "DOE^JANE", "m1:PID", "patient", line=3),
        rec("r2", "dob", "19800203", "m1:PID", "patient", line=3),
        rec("r3", "npi", "1234567893", "m1:PID", "patient", line=4, detector_id="npi"),
        rec("r4", "person_name", "DOE^MARY", "m1:NK1", "next_of_kin", line=5),
        rec("r5", "phone", "8603138061", "m1:NK1", "next_of_kin", line=5),
        rec("r6", "person_name", "ACME HEALTH", "m1:IN1", "payer", line=6),
        rec("r7", "health_plan_member_id", "XJH123456789", "m1:IN1", "payer", line=6),
        rec("r8", "person_name", "Ann Lee", "m2", "", column="Name", line=9),
        rec("r9", "ssn", "536-22-8765", "m2", "", column="SSN", line=10),
        rec("j1", "person_name", "Bo Kim", "l1", None, doc="j1", json_path="$.patients[0].name"),
        rec("j2", "dob", "2015-09-10", "l1", None, doc="j1", json_path="$.patients[0].birthDate"),
        rec("j3", "email", "bo@example.com", "l1", None, doc="j1", json_path="$.email"),
        rec("j4", "icd10_diagnosis", "E11.9", "l1", None, doc="j1", json_path="$.code"),
        rec("c1", "icd10_diagnosis", "B20", "c9", None, doc="c1", column="code"),
        rec("c2", "date", "2020-01-02", "c9", None, doc="c1", column="onset"),
        rec("c3", "person_name", "Dr. Paul Smith", "c8", None, doc="c1", column="Provider",
            detector_id="provider_name"),
    ]


@pytest.mark.parametrize("part", [1, 3, 100])
def test_records_json_lines_and_loose_rows_built_column_by_column_as_one_builder_builds(
        tmp_path: Path, part: int) -> None:
    findings = _records() + _findings()
    con = scratch(tmp_path)
    try:
        one, expected, loose = _one_builder(con, findings)
        one.close()
        apart, built = _built(con, findings, 1, part)
        assert _mentions(con, apart) == expected
        assert built.findings == len(findings) and built.loose == loose
        kinds = {(r[3], r[4]) for r in expected}  # (kind, role) of each mention
        assert ("record", "patient") in kinds and ("record", "next_of_kin") in kinds
        assert not any(role == "payer" for _, role in kinds)  # a business record is no mention
        assert ("c1", "c9") in loose  # a row of codes: loose
        assert ("json", None) in kinds and ("row", None) in kinds  # a JSON line: its record, its row
    finally:
        con.close()
