"""The JSON reader: leaves with JSONPaths, arrays of records as tables, NDJSON, bad input."""

from __future__ import annotations

import json
import sys

import pytest
from docreader_helpers import blob_of, read_items

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadIssue, ReadItem, TableBatch, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.json import JsonReader
from phiscope.readers.json.events import object_events


def _summary(items: list[ReadItem]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for i in items:
        if isinstance(i, TextUnit):
            out.append(("text", i.loc.json_path, i.label, i.text, i.loc.line))
        elif isinstance(i, TableBatch):
            out.append(("table", i.table_id, i.first_row, tuple(i.header), tuple(i.frame.rows())))
        elif isinstance(i, ReadIssue):
            out.append(("issue", i.kind, i.loc.line if i.loc else None))
    return out


DOC = {
    "facility": "General Hospital",
    "patients": [
        {"name": {"family": "Doe", "given": "Jane"}, "ssn": "123-45-6789", "mrn": 1001, "active": True},
        {"name": {"family": "Roe", "given": "John"}, "ssn": "987-65-4321", "mrn": 1002, "active": None},
    ],
    "contacts": [{"phones": ["555-0100", "555-0101"], "email": "a@b.org"}],
    "odd key": [1.50, "x"],
}


def test_golden_document() -> None:
    data = json.dumps(DOC).replace("1.5,", "1.50,").encode()
    assert _summary(read_items(JsonReader(), blob_of(data, "d.json"))) == [
        ("text", "$.facility", "facility", "General Hospital", None),
        ("table", "$.patients", 1, ("name.family", "name.given", "ssn", "mrn", "active"),
         (("Doe", "Jane", "123-45-6789", "1001", "true"), ("Roe", "John", "987-65-4321", "1002", None))),
        ("text", "$.contacts[0].phones[0]", "phones", "555-0100", None),
        ("text", "$.contacts[0].phones[1]", "phones", "555-0101", None),
        ("text", "$.contacts[0].email", "email", "a@b.org", None),
        ("text", "$['odd key'][0]", "odd key", "1.50", None),
        ("text", "$['odd key'][1]", "odd key", "x", None),
    ]


def test_dissimilar_objects_stay_leaves() -> None:
    data = json.dumps([{"a": "1", "b": "2"}, {"c": "3", "d": "4"}]).encode()
    assert [s[1] for s in _summary(read_items(JsonReader(), blob_of(data, "d.json")))] == [
        "$[0].a", "$[0].b", "$[1].c", "$[1].d"]


def test_table_rows_are_batched_and_interrupted_in_order() -> None:
    records: list[object] = [{"ssn": str(i), "dob": f"d{i}"} for i in range(5)]
    records.insert(3, "a note")
    got = _summary(read_items(JsonReader(), blob_of(json.dumps(records).encode(), "d.json"),
                              ReadContext(batch_rows=2)))
    assert got == [
        ("table", "$", 1, ("ssn", "dob"), (("0", "d0"), ("1", "d1"))),
        ("table", "$", 3, ("ssn", "dob"), (("2", "d2"),)),
        ("text", "$[3]", None, "a note", None),
        ("table", "$", 5, ("ssn", "dob"), (("3", "d3"), ("4", "d4"))),
    ]


def test_ndjson_records_with_a_bad_line() -> None:
    data = b'{"ssn":"1","dob":"a"}\n{"ssn":"2","dob":"b"}\n{oops\n\n{"ssn":"3","dob":"c"}\n"free text"\n'
    assert _summary(read_items(JsonReader(), blob_of(data, "x.log"))) == [
        ("table", "$", 1, ("ssn", "dob"), (("1", "a"), ("2", "b"))),
        ("issue", ErrorKind.CORRUPT, 3),
        ("table", "$", 4, ("ssn", "dob"), (("3", "c"),)),
        ("text", "$[4]", None, "free text", 6),
    ]


def test_ndjson_leaves_carry_line_numbers() -> None:
    data = b'{"note":"first","tags":[{"t":"x"}]}\n{"note":"second","tags":[{"t":"y"}]}\n'
    texts = [(s[1], s[3], s[4]) for s in _summary(read_items(JsonReader(), blob_of(data, "n.jsonl")))]
    assert texts == [("$[0].note", "first", 1), ("$[0].tags[0].t", "x", 1),
                     ("$[1].note", "second", 2), ("$[1].tags[0].t", "y", 2)]


def test_lists_of_scalars_inside_rows_become_columns() -> None:
    data = b'{"name":"A","dx":["E11.9","I10"]}\n{"name":"B","dx":["J45.909"]}\n'
    [table] = [i for i in read_items(JsonReader(), blob_of(data, "n.jsonl")) if isinstance(i, TableBatch)]
    assert table.header == ["name", "dx.[0]", "dx.[1]"]
    assert table.frame.rows() == [("A", "E11.9", "I10"), ("B", "J45.909", None)]


def test_deep_nesting_does_not_recurse() -> None:
    depth = sys.getrecursionlimit() * 3
    data = ('{"a":' * depth + '"deep"' + "}" * depth).encode()
    (unit,) = read_items(JsonReader(), blob_of(data, "deep.json"))
    assert isinstance(unit, TextUnit) and unit.text == "deep" and unit.loc.json_path.count(".a") == depth


def test_object_events_match_parser_order() -> None:
    events = list(object_events({"a": [1, {"b": None}], "c": True}))
    assert events == [("start_map", None), ("map_key", "a"), ("start_array", None), ("number", 1),
                      ("start_map", None), ("map_key", "b"), ("null", None), ("end_map", None),
                      ("end_array", None), ("map_key", "c"), ("boolean", True), ("end_map", None)]


def test_utf16_json() -> None:
    data = b"\xff\xfe" + '{"name": "Zoë"}'.encode("utf-16-le")
    (unit,) = read_items(JsonReader(), blob_of(data, "u.json"))
    assert isinstance(unit, TextUnit) and unit.text == "Zoë"


def test_stdlib_fallback_without_ijson(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ijson", None)
    data = json.dumps(DOC).encode()
    assert len(read_items(JsonReader(), blob_of(data, "d.json"))) == 7


@pytest.mark.parametrize("data", [b'{"a": ', b"[", b"{]", b'{"a" 1}', b"nul"])
def test_malformed_document_is_corrupt(data: bytes) -> None:
    with pytest.raises(DocumentError) as err:
        read_items(JsonReader(), blob_of(data, "bad.json"))
    assert err.value.kind == ErrorKind.CORRUPT


def test_document_broken_after_content_reports_issue() -> None:
    items = read_items(JsonReader(), blob_of(b'{"ssn": "123-45-6789", "b": [', "bad.json"))
    assert isinstance(items[0], TextUnit) and items[0].text == "123-45-6789"
    assert isinstance(items[-1], ReadIssue) and items[-1].kind == ErrorKind.CORRUPT
    assert "123" not in items[-1].message


@pytest.mark.parametrize(
    ("head", "name", "score"),
    [
        (b'{"a": 1}\n{"a": 2}\n', "x", 0.8),
        (b'{\n  "resource": 1\n}', "x", 0.6),
        (b'[{"a": 1}]', "x.json", 0.8),
        (b"[2024-01-01 10:00] started", "x.log", 0.0),
        (b"{not json", "x", 0.0),
        (b"hello", "x.json", 0.0),
    ],
)
def test_sniff(head: bytes, name: str, score: float) -> None:
    assert JsonReader().sniff(head, name) == score


def test_rows_with_lists_of_objects_leave_those_lists_as_tables() -> None:
    data = (b'{"patients": [{"name": "A", "ids": [{"system": "mrn", "value": "1"},'
            b' {"system": "ssn", "value": "2"}]},'
            b' {"name": "B", "ids": [{"system": "mrn", "value": "3"}, {"system": "dl", "value": "4"}]}]}')
    tables = [i for i in read_items(JsonReader(), blob_of(data, "p.json")) if isinstance(i, TableBatch)]
    rows = [r for t in tables for r in t.frame.rows()]
    assert {("mrn", "1"), ("ssn", "2"), ("mrn", "3"), ("dl", "4")} <= set(rows)
