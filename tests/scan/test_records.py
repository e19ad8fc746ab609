"""Structured records: typed fields checked as their element, the rest scanned
as text, every finding carrying the record's key and role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from phiscope.detectors.registry import load_detectors
from phiscope.model import Location, ReadItem, Record, RecordField
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.registry import ReaderSet
from phiscope.scan.columns import FindingColumns
from phiscope.scan.document import DocumentProcessor, Engine
from phiscope.scan.records import RecordScanner, record_key
from phiscope.sources.blob import Blob

DOC = "d" * 64


def _loc(line: int, column: str) -> Location:
    return Location(path="/msgs.hl7", line=line, column=column)


PATIENT = Record("msg1/PID", "patient", (
    RecordField("DOE JANE", _loc(2, "PID-5"), "person_name", "PID-5 patient name"),
    RecordField("19800321", _loc(2, "PID-7"), "dob", "PID-7 date of birth"),
    RecordField("536-22-8741", _loc(2, "PID-19"), "ssn", "PID-19 SSN"),
    RecordField("UNKNOWN", _loc(2, "PID-29"), "date", "PID-29 death date"),  # not a date: nothing
    RecordField("Home (860) 555-0142", _loc(2, "PID-13"), "phone", "PID-13 phone"),  # composite
    RecordField("F", _loc(2, "PID-8"), "sex", "PID-8 sex"),  # no such element: free text, nothing
    RecordField("E11.9", _loc(5, "DG1-3"), "icd10_diagnosis", "DG1-3 diagnosis"),
))
GUARANTOR = Record("msg1/GT1", "guarantor", (
    RecordField("ROE RICHARD", _loc(3, "GT1-3"), "person_name", "GT1-3 guarantor name"),
    RecordField("guarantor SSN 401-33-9012 on file", _loc(3, "GT1-12"), None, "GT1-12 comment"),
))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_detectors(), ReaderSet(()), ReadContext())


def _rows(cols: FindingColumns) -> list[dict[str, Any]]:
    table = cols.take_arrow()
    assert table is not None
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def test_typed_fields_free_text_roles_and_keys(engine: Engine) -> None:
    scanner = RecordScanner(engine.detectors, engine.text)
    cols = FindingColumns(DOC, engine.masks)
    n = scanner.scan(DOC, [PATIENT, GUARANTOR], cols)
    rows = _rows(cols)
    assert n == len(rows)
    got = {(r["element"], r["value"], r["role"], r["row_key"], r["column"]) for r in rows}
    pk, gk = record_key(DOC, PATIENT), record_key(DOC, GUARANTOR)
    assert got == {
        ("person_name", "DOE JANE", "patient", pk, "PID-5"),
        ("dob", "19800321", "patient", pk, "PID-7"),
        ("ssn", "536-22-8741", "patient", pk, "PID-19"),
        ("phone", "(860) 555-0142", "patient", pk, "PID-13"),
        ("icd10_diagnosis", "E11.9", "patient", pk, "DG1-3"),
        ("person_name", "ROE RICHARD", "guarantor", gk, "GT1-3"),
        ("ssn", "401-33-9012", "guarantor", gk, "GT1-12"),
    }
    typed = {r["element"]: r for r in rows if r["row_key"] == pk}
    assert typed["ssn"]["confidence"] >= 0.9 and typed["ssn"]["line"] == 2
    assert typed["dob"]["normalized"] == "1980-03-21"


def test_invalid_typed_value_is_not_reported(engine: Engine) -> None:
    scanner = RecordScanner(engine.detectors, engine.text)
    cols = FindingColumns(DOC, engine.masks)
    rec = Record("m/PID", "patient", (RecordField("000-12-3456", _loc(1, "PID-19"), "ssn", "PID-19"),))
    scanner.scan(DOC, [rec], cols)
    assert [r for r in (cols.take_arrow() or pa.table({"element": []})).to_pylist()
            if r["element"] == "ssn"] == []


class _RecordsReader(Reader):
    """A reader that yields fixed records (no ``id``: never registered)."""

    def sniff(self, head: bytes, name: str) -> float:
        return 1.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        yield PATIENT
        yield GUARANTOR


def test_document_processor_batches_records(tmp_path: Any) -> None:
    engine = Engine(load_detectors(), ReaderSet((_RecordsReader(),)), ReadContext())
    path = tmp_path / "msgs.hl7"
    path.write_bytes(b"MSH|^~\\&|\r")
    msgs: list[tuple[Any, ...]] = []
    DocumentProcessor(engine, msgs.append, 0, frozenset()).process(
        Blob(display_path=str(path), name=path.name, fs_path=str(path)))
    tables = [m[3] for m in msgs if m[0] == "findings"]
    done = [m for m in msgs if m[0] == "done"]
    assert sum(t.num_rows for t in tables) == 7
    assert done[0][4]["records"] == 2 and done[0][4]["findings"] == 7
    roles = {r["role"] for t in tables for r in t.to_pylist()}
    assert roles == {"patient", "guarantor"}


def test_names_with_digit_noise_are_names_with_a_flag(engine: Engine) -> None:
    scanner = RecordScanner(engine.detectors, engine.text)
    cols = FindingColumns(DOC, engine.masks)
    rec = Record("Patient/1", "patient", (
        RecordField("Sumiko254 Larue605", _loc(1, "name"), "person_name", "Patient.name"),
        RecordField("Maria Lopez", _loc(1, "name"), "person_name", "Patient.name"),
        RecordField("12345", _loc(1, "name"), "person_name", "Patient.name"),  # no letters: not a name
    ))
    scanner.scan(DOC, [rec], cols)
    names = {r["value"]: r["flags"] for r in _rows(cols) if r["element"] == "person_name"}
    assert names == {"Sumiko254 Larue605": "digits-in-name", "Maria Lopez": None}


def test_small_batches_checked_value_by_value_give_the_vectorised_result(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import phiscope.scan.records as records

    extra = Record("msg2/PID", "patient", (
        RecordField("Sumiko254 Larue605", _loc(9, "PID-5"), "person_name", "PID-5 patient name"),
        RecordField("000-12-3456", _loc(9, "PID-19"), "ssn", "PID-19 SSN"),  # invalid: dropped
        RecordField("999-45-6789", _loc(9, "PID-19"), "ssn", "PID-19 SSN"),  # test-range: flagged
        RecordField("MRN0012345", _loc(9, "PID-3"), "mrn", "PID-3 MRN"),
        RecordField("Hartford, CT 06106", _loc(9, "PID-11"), "city_state_zip", "PID-11 city"),
        RecordField("jane.doe@example.org", _loc(9, "PID-14"), "email", "PID-14 e-mail"),
    ))

    def run(limit: int) -> list[dict[str, Any]]:
        monkeypatch.setattr(records, "SCALAR_MAX", limit)
        cols = FindingColumns(DOC, engine.masks)
        RecordScanner(engine.detectors, engine.text).scan(DOC, [PATIENT, GUARANTOR, extra], cols)
        return sorted(_rows(cols), key=lambda r: (r["line"], r["column"], r["detector_id"], r["value"]))

    scalar, vectorised = run(10_000), run(0)
    assert scalar == vectorised and len(scalar) >= 8
    assert any("digits-in-name" in (r["flags"] or "") for r in scalar)
