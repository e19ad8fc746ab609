"""Column classification and per-cell checking of tables."""

from __future__ import annotations

import polars as pl
import pytest

from phiscope.detectors.registry import load_detectors
from phiscope.model import Location, TableBatch
from phiscope.scan.columns import FindingColumns
from phiscope.scan.tables import TableScanner
from phiscope.scan.text import TextScanner


@pytest.fixture(scope="module")
def tables() -> TableScanner:
    dets = load_detectors()
    return TableScanner(dets, TextScanner(dets))


def _batch(data: dict[str, list[str | None]], first_row: int = 1, header: bool = True) -> TableBatch:
    frame = pl.DataFrame(data, schema={k: pl.String for k in data})
    return TableBatch("t1", list(data), frame, Location("x.csv"), first_row, header)


def test_header_classified_column_checks_every_cell(tables: TableScanner) -> None:
    b = _batch({"Soc Sec #": ["123-45-6780", "234567891", "000-12-3456", None, "N/A"],
                "Comment": ["ok", "call 501-23-4567 re bill", None, "", "x"]})
    out = FindingColumns("d" * 64, {"ssn": (0, 4)})
    n = tables.scan("d" * 64, b, out)
    t = out.take_arrow()
    assert t is not None and n == t.num_rows == 3
    rows = t.to_pylist()
    by_col = {(r["column"], r["row"]): r for r in rows}
    assert by_col[("Soc Sec #", 1)]["value"] == "123-45-6780"
    assert by_col[("Soc Sec #", 1)]["normalized"] == "123456780"
    assert by_col[("Soc Sec #", 2)]["validation"] == "valid"
    assert ("Soc Sec #", 3) not in by_col  # area 000 is not an SSN
    free = by_col[("Comment", 2)]
    assert free["value"] == "501-23-4567" and free["offset"] == 5
    assert {r["row_key"] for r in rows} == {f"{'d' * 16}:t1:1", f"{'d' * 16}:t1:2"}


def test_a_patient_column_of_names_is_names_and_of_ids_is_not(tables: TableScanner) -> None:
    b = _batch({"Patient": ["Andy Peterson", "Morgan Bonilla", "Jaime Ruiz"],
                "PATIENT": ["ff1af7ce-b315-4e9a-ad45-23a2f72fe4ce", "0078eb51-9fa7-4774-892e-3bbbf6ce0470",
                            "cd43c580-da08-4de4-a023-19d30f36d693"]})
    classes = tables.classify("p" * 64, b)
    assert classes[0].detector is not None and classes[0].detector.id == "person_name"
    assert classes[1].detector is None  # a key column (scan.keys), not names


def test_value_classified_without_header_and_batches_keep_row_numbers(tables: TableScanner) -> None:
    b = _batch({"column_1": ["a.b@example.com", "jdoe@mail.example.org", "x@y.com"],
                "column_2": ["123-45-6780", "234567891", "345-67-8912"]}, first_row=101, header=False)
    out = FindingColumns("e" * 64, {})
    tables.scan("e" * 64, b, out)
    t = out.take_arrow()
    assert t is not None
    rows = t.to_pylist()
    emails = [r for r in rows if r["element"] == "email"]
    assert [r["row"] for r in emails] == [101, 102, 103]
    assert {r["confidence"] for r in emails} == {0.9}  # classified from values alone
    # a bare 9-digit number in a header-less column is not called an SSN
    assert sorted(r["value"] for r in rows if r["element"] == "ssn") == ["123-45-6780", "345-67-8912"]


def test_cells_that_are_not_the_column_element_are_scanned_as_text(tables: TableScanner) -> None:
    b = _batch({"SSN": ["123-45-6780", "see chart, ssn 234-56-7891 per pt", None]})
    out = FindingColumns("g" * 64, {})
    tables.scan("g" * 64, b, out)
    t = out.take_arrow()
    assert t is not None
    assert sorted(t.column("value").to_pylist()) == ["123-45-6780", "234-56-7891"]


def test_context_does_not_cross_cells(tables: TableScanner) -> None:
    # "SSN" in one cell must not make a bare 9-digit number in the next cell an SSN
    b = _batch({"note": ["see SSN", "123456780"]})
    out = FindingColumns("f" * 64, {})
    tables.scan("f" * 64, b, out)
    assert out.take_arrow() is None


def test_labelled_field_values_are_checked_whole() -> None:
    from phiscope.model import TextUnit

    dets = load_detectors()
    text = TextScanner(dets)
    loc = Location("x.json", json_path="$.patient.ssn")
    [f] = text.scan(TextUnit("234567891", loc, "ssn"))
    assert (f.element, f.value, f.loc.json_path) == ("ssn", "234567891", "$.patient.ssn")
    assert text.scan(TextUnit("234567891", loc, "order_number")) == []
    found = text.scan(TextUnit("Jane Q. Doe", loc, "patientName"))
    names = [f.value for f in found if f.element == "person_name"]
    assert names == ["Jane Q. Doe"]


def test_batched_short_units_keep_their_own_labels_and_locations() -> None:
    from phiscope.model import TextUnit

    text = TextScanner(load_detectors())
    units = [
        TextUnit("234567891", Location("x.json", json_path="$.a.ssn", line=3), "ssn"),
        TextUnit("234567891", Location("x.json", json_path="$.a.order", line=4), "order"),
        TextUnit("call (860) 555-0142 today", Location("x.json", json_path="$.a.note", line=5), "note"),
    ]
    found = text.scan_units(units)
    assert [(f.element, f.loc.json_path, f.loc.line) for f in found] == [
        ("ssn", "$.a.ssn", 3), ("phone", "$.a.note", 5)]
    assert found[1].loc.offset == 5  # within its own unit


def test_key_value_rows_use_the_key_as_label(tables: TableScanner) -> None:
    b = _batch({"system": ["http://hl7.org/fhir/sid/us-ssn", "urn:oid:2.16.840.1.113883.4.3.25", "http://x/mrn"],
                "value": ["234567891", "12345678", "00123456"]})
    out = FindingColumns("h" * 64, {})
    tables.scan("h" * 64, b, out)
    t = out.take_arrow()
    assert t is not None
    got = {(r["element"], r["value"], r["row"]) for r in t.to_pylist()}
    assert ("ssn", "234567891", 1) in got and ("mrn", "00123456", 3) in got


def test_small_batches_checked_cell_by_cell_give_the_vectorised_result(
        tables: TableScanner, monkeypatch: pytest.MonkeyPatch) -> None:
    import phiscope.scan.tables as tables_mod

    b = _batch({"Patient Name": ["DOE, JANE", "Sumiko Larue", None, "see chart"],
                "Soc Sec #": ["123-45-6780", "000-12-3456", "999-45-6789", "ssn 234-56-7891 per pt"],
                "DOB": ["03/21/1980", "1980-02-30", "", "12/08/1981"],
                "Dx": ["E11.9", "B20", "J45.909", "Z00"],
                "Phone": ["(860) 555-0142", "555-0142", "860.724.4058", None],
                "City": ["Hartford, CT 06106", "Miami", "06040", "New Haven CT"]}, first_row=7)

    def run(limit: int) -> list[dict[str, object]]:
        monkeypatch.setattr(tables_mod, "SCALAR_MAX", limit)
        scanner = TableScanner(tables.detectors, tables.text)
        out = FindingColumns("f" * 64, {d.id: (d.mask.keep_first, d.mask.keep_last)
                                        for d in tables.detectors.detectors})
        scanner.scan("f" * 64, b, out)
        t = out.take_arrow()
        assert t is not None
        return sorted(t.to_pylist(), key=lambda r: (r["row"], r["col_index"], r["offset"], r["detector_id"]))

    scalar, vectorised = run(10_000), run(0)
    assert scalar == vectorised and len(scalar) >= 12
