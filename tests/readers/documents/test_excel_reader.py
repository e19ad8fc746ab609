"""The spreadsheet reader: values as strings, header rows, sheets, ODS, encrypted/corrupt files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from docreader_helpers import blob_of, file_blob, read_items, write_zip

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, ReadItem, TableBatch, TextUnit
from phiscope.readers._office_sniff import OLE_MAGIC
from phiscope.readers.base import ReadContext
from phiscope.readers.excel import ExcelReader
from phiscope.readers.excel.cells import cell_text


def _xlsx(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet("Patients")
    ws.merge_range("A1:E1", "Billing export — confidential")
    ws.write_row(2, 0, ["Name", "SSN", "MRN", "DOB", "Balance"])
    ws.write_row(3, 0, ["Jane Doe", 123456789, 1234567890123, None, 12.5])
    ws.write_datetime(3, 3, dt.datetime(1980, 1, 2), date_fmt)
    ws.write_row(4, 0, ["John Roe", 987654321.0, 42, None, 0.1])
    ws.write_datetime(4, 3, dt.datetime(1990, 3, 4, 10, 30), date_fmt)
    hidden = wb.add_worksheet("Raw")
    hidden.hide()
    hidden.write_row(0, 0, [111223333, "x"])
    hidden.write_row(1, 0, [444556666, "y"])
    wb.add_worksheet("Empty")
    wb.close()
    return path


def _by_type(items: list[ReadItem]) -> tuple[list[TextUnit], list[TableBatch]]:
    return ([i for i in items if isinstance(i, TextUnit)], [i for i in items if isinstance(i, TableBatch)])


def test_golden_xlsx(tmp_path: Path) -> None:
    texts, tables = _by_type(read_items(ExcelReader(), file_blob(_xlsx(tmp_path / "bill.xlsx"))))
    assert [(t.text, t.loc.sheet, t.loc.line) for t in texts] == [
        ("Billing export — confidential\n", "Patients", 1),  # one line per sheet row above the header
    ]
    patients, raw = tables
    assert (patients.table_id, patients.loc.sheet, patients.first_row) == ("Patients", "Patients", 1)
    assert patients.header == ["Name", "SSN", "MRN", "DOB", "Balance"] and patients.header_detected
    assert patients.frame.rows() == [
        ("Jane Doe", "123456789", "1234567890123", "1980-01-02", "12.5"),
        ("John Roe", "987654321", "42", "1990-03-04 10:30:00", "0.1"),
    ]
    assert (raw.table_id, raw.header, raw.header_detected) == ("Raw", ["column_1", "column_2"], False)
    assert raw.frame.rows() == [("111223333", "x"), ("444556666", "y")]


def test_batches_keep_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row(0, 0, ["id", "ssn"])
    for i in range(1, 251):
        ws.write_row(i, 0, [i, 100000000 + i])
    ws.write_row(260, 0, [999, 1])  # after a gap of blank rows
    wb.close()
    _, tables = _by_type(read_items(ExcelReader(), file_blob(path), ReadContext(batch_rows=100)))
    assert [(t.first_row, t.frame.height) for t in tables] == [(1, 100), (101, 100), (201, 60)]
    assert tables[-1].frame.row(-1) == ("999", "1")
    assert tables[-1].frame.row(50) == (None, None)


def _ods(path: Path) -> Path:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

    def cell(value: str, number: bool = False) -> str:
        kind = f'office:value-type="float" office:value="{value}"' if number else 'office:value-type="string"'
        return f"<table:table-cell {kind}><text:p>{value}</text:p></table:table-cell>"

    rows = [[cell("Patient"), cell("SSN")], [cell("Jane Doe"), cell("123456789", True)]]
    body = "".join("<table:table-row>" + "".join(r) + "</table:table-row>" for r in rows)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Visits">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    members = {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
               "content.xml": content, "META-INF/manifest.xml": manifest}
    return write_zip(path, members, stored_first="mimetype")


def test_ods(tmp_path: Path) -> None:
    path = _ods(tmp_path / "v.ods")
    assert ExcelReader().sniff(path.read_bytes()[:8192], "v.bin") == 0.95
    _, (table,) = _by_type(read_items(ExcelReader(), file_blob(path)))
    assert (table.table_id, table.header, table.frame.rows()) == ("Visits", ["Patient", "SSN"],
                                                                  [("Jane Doe", "123456789")])


def test_sniff_beats_zip_reader_and_ignores_other_zips(tmp_path: Path) -> None:
    head = _xlsx(tmp_path / "a.xlsx").read_bytes()[:8192]
    assert ExcelReader().sniff(head, "export.dat") == 0.95
    plain = write_zip(tmp_path / "p.zip", {"a.txt": "x"}).read_bytes()
    assert ExcelReader().sniff(plain, "p.zip") == 0.0


def test_encrypted_ooxml_workbook(tmp_path: Path) -> None:
    ole = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(2000)
    assert ExcelReader().sniff(ole, "secret.xlsx") == 0.95
    with pytest.raises(DocumentError) as err:
        read_items(ExcelReader(), blob_of(ole, "secret.xlsx"))
    assert err.value.kind == ErrorKind.ENCRYPTED


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_truncated_xlsx_is_corrupt(tmp_path: Path, cut: float) -> None:
    data = _xlsx(tmp_path / "a.xlsx").read_bytes()
    with pytest.raises(DocumentError) as err:
        read_items(ExcelReader(), blob_of(data[: int(len(data) * cut)], "a.xlsx"))
    assert err.value.kind == ErrorKind.CORRUPT


def test_garbage_with_xlsx_name_is_corrupt() -> None:
    with pytest.raises(DocumentError) as err:
        read_items(ExcelReader(), blob_of(b"PK\x03\x04 not really a workbook", "a.xlsx"))
    assert err.value.kind == ErrorKind.CORRUPT


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (123456789.0, "123456789"),
        (1.0e15, "1000000000000000"),
        (12.5, "12.5"),
        (-3.0, "-3"),
        (7, "7"),
        (True, "TRUE"),
        ("", None),
        (None, None),
        ("  x ", "  x "),
        (dt.date(2020, 5, 6), "2020-05-06"),
        (dt.datetime(2020, 5, 6), "2020-05-06"),
        (dt.datetime(2020, 5, 6, 7, 8, 9), "2020-05-06 07:08:09"),
        (dt.time(7, 8), "07:08:00"),
        (dt.timedelta(hours=1), "1:00:00"),
    ],
)
def test_cell_text(value: object, text: str | None) -> None:
    assert cell_text(value) == text


def test_group_label_row_above_the_field_names(tmp_path: Path) -> None:
    path = tmp_path / "g.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Claims")
    ws.write(0, 0, "Claims report Q3")
    ws.merge_range("A2:B2", "Patient")
    ws.merge_range("C2:D2", "Insurance")
    ws.write_row(2, 0, ["Name", "SSN", "Plan", "Member ID"])
    ws.write_row(3, 0, ["Jane Doe", 123456789, "Acme", "XQ1234567"])
    wb.close()
    texts, (table,) = _by_type(read_items(ExcelReader(), file_blob(path)))
    assert [t.text for t in texts] == ["Claims report Q3\nPatient\tInsurance"]
    assert table.header == ["Name", "SSN", "Plan", "Member ID"]
    assert table.frame.rows() == [("Jane Doe", "123456789", "Acme", "XQ1234567")]


def test_rust_panic_in_calamine_becomes_corrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    class PanicException(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def boom(*_: object) -> None:
        raise PanicException("index out of bounds")

    monkeypatch.setattr("phiscope.readers.excel.reader._open", boom)
    with pytest.raises(DocumentError) as err:
        read_items(ExcelReader(), blob_of(b"PK\x03\x04", "a.xlsx"))
    assert err.value.kind == ErrorKind.CORRUPT


def test_embedded_files_become_children(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "e.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/embeddings/oleObject1.bin", b"embedded bytes")
    children = [i for i in read_items(ExcelReader(), file_blob(path)) if isinstance(i, ChildBlob)]
    assert [(c.name, c.data) for c in children] == [("oleObject1.bin", b"embedded bytes")]
