"""The CSV reader: dialects, header detection, quoting, ragged rows, encodings, batching."""

from __future__ import annotations

import polars as pl
import pytest
from docreader_helpers import blob_of, read_items

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadIssue, TableBatch
from phiscope.readers.base import ReadContext
from phiscope.readers.csv import CsvReader
from phiscope.readers.csv.dialect import detect_layout


def _batches(data: bytes, name: str = "t.csv", batch_rows: int = 50_000) -> list[TableBatch]:
    items = read_items(CsvReader(), blob_of(data, name), ReadContext(batch_rows=batch_rows))
    return [i for i in items if isinstance(i, TableBatch)]


def _rows(batches: list[TableBatch]) -> list[tuple[str | None, ...]]:
    return [row for b in batches for row in b.frame.rows()]


def test_golden_quoted_fields_and_embedded_newlines() -> None:
    data = b'name,ssn,dob\n"Doe, Jane",123-45-6789,1980-01-02\n"Smith\nJohn",987654321,\n'
    (batch,) = _batches(data)
    assert batch.table_id == "csv" and batch.header == ["name", "ssn", "dob"]
    assert batch.header_detected and batch.first_row == 1 and batch.loc.path == "case/t.csv"
    assert batch.frame.rows() == [
        ("Doe, Jane", "123-45-6789", "1980-01-02"),
        ("Smith\nJohn", "987654321", None),
    ]
    assert all(dtype == pl.String for dtype in batch.frame.dtypes)


@pytest.mark.parametrize("delim", [",", "\t", ";", "|", "^"])
def test_delimiters(delim: str) -> None:
    lines = ["first_name", "last_name", "mrn"], ["Jane", "Doe", "A1001"], ["John", "Roe", "A1002"]
    data = "".join(delim.join(r) + "\n" for r in lines).encode()
    (batch,) = _batches(data)
    assert batch.header == ["first_name", "last_name", "mrn"]
    assert _rows([batch]) == [("Jane", "Doe", "A1001"), ("John", "Roe", "A1002")]


@pytest.mark.parametrize(
    "text",
    [
        "Patient Name,SSN,Date of Birth\nJane Doe,123-45-6789,01/02/1980\n",
        "id,amount,code\n1,12.50,X\n2,3.10,Y\n",
        "col_a,col_b\nAB12,CD34\nEF56,GH78\nIJ90,KL12\n",
        "DOB,Name\n1980-01-02,Jane\n",
    ],
)
def test_header_detected(text: str) -> None:
    layout = detect_layout(text, complete=True)
    assert layout is not None and layout.has_header


@pytest.mark.parametrize(
    "text",
    [
        "Jane,Doe,Boston\nJohn,Roe,Austin\n",
        "123-45-6789,1980-01-02,Jane\n987-65-4321,1990-03-04,John\n",
        "1,2,3\n4,5,6\n",
        "Smith,Smith\nJones,Jones\n",
    ],
)
def test_no_header(text: str) -> None:
    layout = detect_layout(text, complete=True)
    assert layout is not None and not layout.has_header


def test_headerless_file_gets_generated_names_and_keeps_first_row() -> None:
    (batch,) = _batches(b"123-45-6789,1980-01-02,Jane\n987-65-4321,1990-03-04,John\n")
    assert batch.header == ["column_1", "column_2", "column_3"]
    assert not batch.header_detected
    assert batch.frame.height == 2 and batch.frame.row(0)[0] == "123-45-6789"


def test_blank_and_duplicate_header_cells_get_distinct_names() -> None:
    (batch,) = _batches(b"name,,name,ssn\nJane,x,Doe,123456789\nJohn,y,Roe,987654321\n")
    assert batch.header == ["name", "column_2", "name_2", "ssn"]


def test_ragged_rows_are_padded_or_folded_and_reported_once() -> None:
    data = b"name,ssn,dob\nJane,123-45-6789,1980-01-02\nShort,1\nLong,2,3,4\nJohn,987654321,1990-01-01\n"
    items = read_items(CsvReader(), blob_of(data, "r.csv"), ReadContext(batch_rows=2))
    batches = [i for i in items if isinstance(i, TableBatch)]
    assert [b.first_row for b in batches] == [1, 3]
    assert _rows(batches) == [
        ("Jane", "123-45-6789", "1980-01-02"),
        ("Short", "1", None),
        ("Long", "2", "3,4"),
        ("John", "987654321", "1990-01-01"),
    ]
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert len(issues) == 1 and issues[0].kind == ErrorKind.CORRUPT and "2 row(s)" in issues[0].message


def test_ragged_rows_far_apart_keep_their_order() -> None:
    lines = [b"a,b,c"] + [f"{i},x,y".encode() if i % 97 else f"{i},short".encode() for i in range(1, 5000)]
    batches = _batches(b"\n".join(lines) + b"\n", batch_rows=700)
    assert [r[0] for r in _rows(batches)] == [str(i) for i in range(1, 5000)]
    assert all(b.frame.height <= 700 for b in batches)


def test_batches_and_first_row() -> None:
    data = b"id,name\n" + b"".join(f"{i},p{i}\n".encode() for i in range(1, 2501))
    batches = _batches(data, batch_rows=1000)
    assert [(b.first_row, b.frame.height) for b in batches] == [(1, 1000), (1001, 1000), (2001, 500)]
    assert batches[1].frame.row(0) == ("1001", "p1001")


def test_cp1252_file_is_transcoded() -> None:
    data = "name;note\nJosé Peña;“café” — ok\nRenée;naïve\n".encode("cp1252")
    (batch,) = _batches(data)
    assert batch.frame.rows() == [("José Peña", "“café” — ok"), ("Renée", "naïve")]


def test_utf16_tsv_with_bom() -> None:
    data = b"\xff\xfe" + "first\tlast\nZoë\tO’Brien\n".encode("utf-16-le")
    (batch,) = _batches(data, "t.tsv")
    assert batch.header == ["first", "last"] and batch.frame.rows() == [("Zoë", "O’Brien")]


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    (batch,) = _batches(b"\xef\xbb\xbfssn,name\n123-45-6789,Jane\n")
    assert batch.header == ["ssn", "name"]


def test_empty_and_whitespace_files_yield_nothing() -> None:
    assert read_items(CsvReader(), blob_of(b"", "e.csv")) == []
    assert read_items(CsvReader(), blob_of(b"\n\n", "e.csv")) == []


def test_unterminated_quote_does_not_escape() -> None:
    items = read_items(CsvReader(), blob_of(b'a,b\n1,2\n"open,3\n4,5\n', "q.csv"))
    assert any(isinstance(i, TableBatch) for i in items)


def test_random_bytes_with_csv_name_never_raise_other_errors() -> None:
    import random

    for seed in range(5):
        data = random.Random(seed).randbytes(30000)
        try:
            read_items(CsvReader(), blob_of(data, "r.csv"))
        except DocumentError as exc:
            assert exc.kind == ErrorKind.CORRUPT


def test_sniff() -> None:
    reader = CsvReader()
    table = b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n"
    assert reader.sniff(table, "x.csv") == 0.6
    assert reader.sniff(table, "x.dat") == 0.4
    assert reader.sniff(b"just some prose\n", "x.csv") == 0.35
    assert reader.sniff(b"just some prose\n", "x.txt") == 0.0
    assert reader.sniff(bytes(range(256)), "x.csv") == 0.0
