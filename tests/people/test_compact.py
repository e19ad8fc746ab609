"""Mentions and linkage rows are kept compact (a large case holds millions) yet read as before."""

from __future__ import annotations

import datetime as dt

import pytest

from phiscope.people.mentions import build_mentions, pack_ids, unpack_ids
from phiscope.people.table import ROW_FIELDS, linkage_rows

SSN = "536-22-8765"


def _finding(fid: str, element: str, value: str, column: str, row: str = "r1") -> dict[str, object]:
    return {"finding_id": fid, "doc_sha": "d1", "path": "ehr/patients.csv", "element": element,
            "detector_id": element, "value": value, "column": column, "row_key": row, "role": None,
            "flags": None, "json_path": None, "mime_part": None, "page": None, "line": 2, "offset": 0}


FINDINGS = [_finding("f1", "person_name", "Jane", "First Name"),
            _finding("f2", "person_name", "Doe", "Last Name"),
            _finding("f3", "ssn", SSN, "SSN"), _finding("f4", "dob", "1980-02-03", "DOB"),
            _finding("f5", "person_name", "Dr. Paul Smith", "Provider"),
            _finding("f6", "person_name", "John", "First Name", "r2"),
            _finding("f7", "person_name", "Roe", "Last Name", "r2")]


@pytest.mark.parametrize("ids", [[], ["a"], ["0" * 32, "f" * 32, "t-1-contact"]])
def test_packed_ids_round_trip(ids: list[str]) -> None:
    assert unpack_ids(pack_ids(ids)) == ids


def test_a_mention_reads_its_ids_and_shares_its_element_tuple() -> None:
    jane, john = build_mentions(FINDINGS)
    assert sorted(jane.finding_ids) == ["f1", "f2", "f3", "f4"] and jane.context_ids == ["f5"]
    assert jane.elements == ("dob", "person_name", "ssn") and john.elements == ("person_name",)
    again = build_mentions(FINDINGS)[0]
    assert again.elements is jane.elements and again.doc_sha is jane.doc_sha


def test_a_linkage_row_reads_like_a_dict_and_never_shows_its_values() -> None:
    jane = build_mentions(FINDINGS)[0]
    row = linkage_rows([jane], dt.date(2026, 11, 27))[jane.mention_id]
    assert list(row) == list(ROW_FIELDS) and len(row) == len(ROW_FIELDS)
    assert row["first_name"] == "jane" and row.get("ssn") == "536228765" and row["dob"] == "1980-02-03"
    assert row.get("no such field") is None and row.get("no such field", 1) == 1 and "ssn" in row
    with pytest.raises(KeyError):
        row["no such field"]
    assert dict(row)["last_name"] == "doe" and not row["minor"] and row["structured"]
    assert "536" not in repr(row) and "jane" not in repr(row)


def test_the_cyclic_collector_is_paused_only_while_resolving() -> None:
    import gc

    from phiscope.stopwatch import cyclic_gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failed resolution")
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
