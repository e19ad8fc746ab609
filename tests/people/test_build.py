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
from tests.people.test_spill import DAY, _findings

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


@pytest.mark.parametrize(("workers", "part"), [(1, 5), (2, 5), (2, 1)])
def test_parts_built_apart_give_the_mentions_one_builder_gives(tmp_path: Path, workers: int,
                                                               part: int) -> None:
    findings = _findings() + [{**f, "doc_sha": f"x{f['doc_sha']}", "finding_id": f"x{f['finding_id']}"}
                              for f in _findings()]
    con = scratch(tmp_path)
    try:
        one = MentionSpill(con, DAY)
        builder = MentionBuilder(sink=one.add)
        for f in sorted(findings, key=stream_order):
            builder.add(f)
        builder.finish()
        expected, loose = _mentions(con, one), builder.loose
        rows_one, thin_one = one.linkage()
        one.close()
        apart = MentionSpill(con, dt.date(2026, 11, 27))
        built = build_into(apart, _batches(findings, 4), len(findings), workers, part=part, parallel_min=0)
        assert _mentions(con, apart) == expected and len(expected) == 22
        assert built.findings == len(findings) and built.loose == loose
        rows, thin = apart.linkage()
        assert rows.table.equals(rows_one.table) and thin == thin_one
    finally:
        con.close()
