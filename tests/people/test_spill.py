"""While a case is resolved its mentions wait in the case's DuckDB session, not in Python: what comes
back (places, linkage rows, people, the ``people_mentions`` rows) is what the in-memory path gives,
and what the session spills to disk is encrypted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from phiscope.people.constraints import structural_cannot
from phiscope.people.identity import thin
from phiscope.people.mentions import MentionBuilder, build_mentions, stream_order
from phiscope.people.output import PEOPLE_SCHEMA
from phiscope.people.rowtable import RowTable
from phiscope.people.spill import MentionSpill
from phiscope.people.summary_sql import SQL, people_rows
from phiscope.people.table import linkage_rows
from phiscope.store.db import scratch
from tests.people.helpers import summarized, watching_temp_files

DAY = dt.date(2026, 11, 27)
PLACEHOLDER = "123-45-6789"


def _finding(fid: str, element: str, value: str, column: str, row: str, doc: str = "d1") -> dict[str, Any]:
    return {"finding_id": fid, "doc_sha": doc, "path": f"ehr/{doc}.csv", "element": element,
            "detector_id": element, "value": value, "column": column, "row_key": row, "role": None,
            "flags": None, "json_path": None, "mime_part": None, "page": None, "line": 2, "offset": 0}


def _text(fid: str, element: str, value: str, line: int) -> dict[str, Any]:
    return {**_finding(fid, element, value, "", "", "note"), "row_key": None, "column": None,
            "path": "notes/n.txt", "line": line}


def _findings() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    people = [("Jane", "Doe", "1980-02-03", "536-22-8765"), ("John", "Roe", "1975-05-06", PLACEHOLDER),
              ("Ann", "Lee", "1990-07-08", PLACEHOLDER), ("Bo", "Kim", "2015-09-10", PLACEHOLDER)]
    # the second document sorts first: the order comes back, not the order of arrival
    for doc in ("d1", "d0"):
        for n, (first, last, dob, ssn) in enumerate(people):
            r = f"{doc}:{n}"
            out += [_finding(f"{r}a", "person_name", first, "First Name", r, doc),
                    _finding(f"{r}b", "person_name", last, "Last Name", r, doc),
                    _finding(f"{r}c", "dob", dob, "DOB", r, doc),
                    _finding(f"{r}d", "ssn", ssn, "SSN", r, doc),
                    _finding(f"{r}e", "person_name", "Dr. Paul Smith", "Provider", r, doc)]
    out.append(_finding("d1:0f", "person_name", "Mary Doe", "Emergency Contact", "d1:0"))  # a contact
    out.append(_finding("d1:9a", "phone", "860-313-8061", "Phone", "d1:9"))  # a thin mention
    out += [_text("t1", "person_name", "Cleo Varga", 2), _text("t2", "dob", "11/30/2001", 3)]
    return out


def _spilled(con: Any) -> MentionSpill:
    spill = MentionSpill(con, DAY, batch=3)
    builder = MentionBuilder(sink=spill.add)
    for f in sorted(_findings(), key=stream_order):
        builder.add(f)
    assert builder.finish() == []
    return spill


def test_places_and_linkage_rows_come_back_as_the_in_memory_path_gives_them(tmp_path: Path) -> None:
    mentions = build_mentions(_findings())
    con = scratch(tmp_path)
    try:
        spill = _spilled(con)
        rows, thin_ids = spill.linkage()
        refs, for_rules = spill.places(), spill.places(for_rules=True)
    finally:
        con.close()
    assert spill.count == len(mentions) == 11
    assert [r.mention_id for r in refs] == [m.mention_id for m in mentions]
    assert [(r.doc_sha, r.path, r.kind, r.role, r.key, r.rows) for r in refs] == [
        (m.doc_sha, m.path, m.kind, m.role, m.key, m.rows) for m in mentions]
    expected = linkage_rows(mentions, DAY)
    assert list(rows) == list(expected)
    assert [dict(r) for r in rows.values()] == [dict(r) for r in expected.values()]
    # the SSN three people share is a placeholder, no key; Jane's stays
    assert sorted(str(r.ssn) for r in rows.values()) == ["536228765"] * 2 + ["None"] * 9
    assert thin_ids == {m.mention_id for m in mentions if thin(m.identity)} != set()
    # the places the rules read: the contact's document and the free text, with the same results
    assert structural_cannot(for_rules) == structural_cannot(mentions) != []
    assert {r.doc_sha for r in for_rules} == {"d1", "note"}
    assert [r.mention_id for r in for_rules] == [r.mention_id for r in refs if r.doc_sha in ("d1", "note")]


def test_a_row_table_finds_rows_by_id() -> None:
    expected = linkage_rows(build_mentions(_findings()), DAY)
    table = RowTable.from_rows(expected)
    assert list(table) == list(expected) and len(table) == len(expected)
    some = list(expected)[3:6]
    assert table.subset(table.positions(some).tolist()) == {m: expected[m] for m in some}
    assert table.positions(["nope", some[0] + "x", ""]).tolist() == [-1, -1, -1]
    assert "nope" not in table and some[0] in table
    assert dict(table[some[1]]) == dict(expected[some[1]])


def test_people_and_the_mention_table_come_from_the_spill(tmp_path: Path) -> None:
    mentions = build_mentions(_findings())
    con = scratch(tmp_path)
    try:
        spill = _spilled(con)
        spill.linkage()
        owner = {m.mention_id: f"P{m.identity.name.last or 'x'}" for m in mentions}
        people = people_rows(spill.owned(owner, SQL), DAY, {}, PEOPLE_SCHEMA).to_pylist()
        table = con.execute(spill.mentions_sql()).fetch_arrow_table().to_pydict()
        spill.close()
    finally:
        con.close()
    assert people == summarized(mentions, owner, DAY)
    assert table["mention_id"] == [m.mention_id for m in mentions]
    assert table["finding_ids"] == [m.finding_ids for m in mentions]
    assert table["context_ids"] == [m.context_ids for m in mentions]
    assert table["elements"] == [list(m.elements) for m in mentions]
    # the identity's JSON (made by DuckDB) reads back as the in-memory path's
    assert [json.loads(i) for i in table["identity"]] == [json.loads(json.dumps(m.identity.as_dict()))
                                                          for m in mentions]


MARK = "PLAINSPILL219099991"


def test_what_the_spill_writes_to_disk_is_encrypted(tmp_path: Path) -> None:
    con = scratch(tmp_path, "48MB")
    con.execute("SET threads = 1")
    spill = MentionSpill(con, DAY, batch=50_000)
    base = build_mentions([_finding("f", "person_name", f"{MARK} Doe", "Full Name", "r")])[0]
    try:
        with watching_temp_files(tmp_path, MARK.encode()) as (seen, leaked):
            for n in range(300_000):
                spill.add(((f"doc{n % 97}", "row", str(n)), 0), base)
            spill.flush()
            spill.placeholders()
    finally:
        con.close()
    assert any(seen), "nothing was spilled: the test proves nothing"
    assert not leaked
