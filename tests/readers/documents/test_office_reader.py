"""The office reader: DOCX/PPTX/ODT/ODP text and tables, embedded files, bad files."""

from __future__ import annotations

import io
from pathlib import Path

import docx as python_docx
import pytest
from docreader_helpers import blob_of, file_blob, read_items, write_zip
from office_fixtures import docx, odf, pptx

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, ReadItem, TableBatch, TextUnit
from phiscope.readers._office_sniff import OLE_MAGIC
from phiscope.readers.base import Limits, ReadContext
from phiscope.readers.office import OfficeReader


def _summary(items: list[ReadItem]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for i in items:
        if isinstance(i, TextUnit):
            out.append(("text", i.text, i.label, i.loc.line, i.loc.page))
        elif isinstance(i, TableBatch):
            out.append(("table", i.table_id, tuple(i.header), tuple(i.frame.rows())))
        elif isinstance(i, ChildBlob):
            out.append(("child", i.name, len(i.data or b"")))
    return out


def test_golden_docx(tmp_path: Path) -> None:
    items = read_items(OfficeReader(), file_blob(docx(tmp_path / "letter.docx", embedded=b"PK-embedded")))
    assert _summary(items) == [
        ("text", "Patient: Jane Doe\nSSN\t123-45-6789\nsecond line\nOld MRN A-77\nIn a content control\n",
         None, 1, None),
        ("table", "table1", ("Name", "DOB", "Phone"),
         (("Jane Doe", "1980-01-02", "555-0100"), ("John Roe", "1990-03-04", "555-0101"))),
        ("text", "Name:\tJane Doe\nPhone:\t555-0100\nClosing paragraph\n", None, 6, None),
        ("text", "Header MRN 555\n", "header", 9, None),
        ("text", "Page footer\n", "footer", 10, None),
        ("text", "See chart 42\n", "footnote", 11, None),
        ("text", "Verify DOB\n", "comment", 12, None),
        ("child", "Microsoft_Excel_Worksheet.xlsx", 11),
    ]


def test_docx_from_python_docx_with_header_and_table() -> None:
    doc = python_docx.Document()
    doc.add_paragraph("Discharge summary for Jane Doe")
    table = doc.add_table(rows=3, cols=2)
    for r, row in enumerate([["Patient", "MRN"], ["Jane Doe", "A1001"], ["John Roe", "A1002"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.sections[0].footer.paragraphs[0].text = "Confidential"
    buf = io.BytesIO()
    doc.save(buf)
    got = _summary(read_items(OfficeReader(), blob_of(buf.getvalue(), "d.docx")))
    assert got[0] == ("text", "Discharge summary for Jane Doe\n", None, 1, None)
    assert got[1] == ("table", "table1", ("Patient", "MRN"), (("Jane Doe", "A1001"), ("John Roe", "A1002")))
    assert ("text", "Confidential\n", "footer", 2, None) in got


def test_large_embedded_file_is_spooled(tmp_path: Path) -> None:
    path = docx(tmp_path / "e.docx", embedded=b"x" * 5000)
    ctx = ReadContext(limits=Limits(spool_over_bytes=1000, max_ratio=10_000), tmp_dir=str(tmp_path))
    (child,) = [i for i in read_items(OfficeReader(), file_blob(path), ctx) if isinstance(i, ChildBlob)]
    assert child.data is None and child.spool_path is not None
    assert Path(child.spool_path).read_bytes() == b"x" * 5000


def test_embedded_zip_bomb_is_reported_not_extracted(tmp_path: Path) -> None:
    path = docx(tmp_path / "e.docx", embedded=b"\0" * 2_000_000)
    items = read_items(OfficeReader(), file_blob(path))
    assert not any(isinstance(i, ChildBlob) for i in items)
    assert [getattr(i, "kind", None) for i in items][-1] == ErrorKind.ZIP_BOMB


def test_golden_pptx(tmp_path: Path) -> None:
    assert _summary(read_items(OfficeReader(), file_blob(pptx(tmp_path / "deck.pptx")))) == [
        ("text", "Title: Case review\nPatient Jane Doe", None, 1, 1),
        ("text", "Speaker note: DOB 1980-01-02", "notes", 1, 1),
        ("text", "Second shown\nMRN 12345", None, 1, 2),
    ]


def test_golden_odt(tmp_path: Path) -> None:
    body = ('<office:text><text:h>Visit note</text:h><text:p>Patient<text:tab/>Jane<text:s text:c="2"/>Doe'
            '<text:line-break/>SSN 123-45-6789</text:p><text:p>Follow up<text:note><text:note-body>'
            "<text:p>fn text</text:p></text:note-body></text:note></text:p></office:text>")
    path = odf(tmp_path / "n.odt", "application/vnd.oasis.opendocument.text", body)
    assert OfficeReader().sniff(path.read_bytes()[:8192], "n.bin") == 0.95
    assert _summary(read_items(OfficeReader(), file_blob(path))) == [
        ("text", "Visit note\nPatient\tJane  Doe\nSSN 123-45-6789\nFollow up fn text\n", None, 1, None)]


def test_golden_odp(tmp_path: Path) -> None:
    body = ("<office:presentation><draw:page><draw:frame><draw:text-box><text:p>Slide one</text:p>"
            "</draw:text-box></draw:frame></draw:page><draw:page><text:p>MRN 9</text:p></draw:page>"
            "</office:presentation>")
    path = odf(tmp_path / "s.odp", "application/vnd.oasis.opendocument.presentation", body)
    assert _summary(read_items(OfficeReader(), file_blob(path))) == [
        ("text", "Slide one", None, 1, 1), ("text", "MRN 9", None, 1, 2)]


def test_encrypted_ooxml() -> None:
    ole = OLE_MAGIC + bytes(1000) + "EncryptedPackage".encode("utf-16-le") + b"\0\0" + bytes(1000)
    assert OfficeReader().sniff(ole, "secret.docx") == 0.95
    for name in ("secret.docx", "secret.pptx", "noext"):
        with pytest.raises(DocumentError) as err:
            read_items(OfficeReader(), blob_of(ole, name))
        assert err.value.kind == ErrorKind.ENCRYPTED


def test_ole_with_docx_extension_is_treated_as_encrypted() -> None:
    with pytest.raises(DocumentError) as err:
        read_items(OfficeReader(), blob_of(OLE_MAGIC + bytes(3000), "x.docx"))
    assert err.value.kind == ErrorKind.ENCRYPTED


def test_legacy_doc_is_unsupported() -> None:
    doc = OLE_MAGIC + bytes(1000) + "WordDocument".encode("utf-16-le") + b"\0\0" + bytes(1000)
    assert OfficeReader().sniff(doc, "old.doc") == 0.9
    with pytest.raises(DocumentError) as err:
        read_items(OfficeReader(), blob_of(doc, "old.doc"))
    assert err.value.kind == ErrorKind.UNSUPPORTED


def test_truncated_docx(tmp_path: Path) -> None:
    data = docx(tmp_path / "t.docx").read_bytes()
    with pytest.raises(DocumentError) as err:
        read_items(OfficeReader(), blob_of(data[: len(data) // 2], "t.docx"))
    assert err.value.kind == ErrorKind.TRUNCATED


def test_malformed_xml_and_missing_parts_are_corrupt(tmp_path: Path) -> None:
    ct = ('<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
    bad_xml = write_zip(tmp_path / "b.docx", {"[Content_Types].xml": ct, "word/document.xml": "<w:document"})
    missing = write_zip(tmp_path / "m.docx", {"[Content_Types].xml": ct})
    for path in (bad_xml, missing):
        with pytest.raises(DocumentError) as err:
            read_items(OfficeReader(), file_blob(path))
        assert err.value.kind == ErrorKind.CORRUPT


def test_sniff_scores(tmp_path: Path) -> None:
    reader = OfficeReader()
    assert reader.sniff(docx(tmp_path / "a.docx").read_bytes()[:8192], "a.bin") == 0.95
    assert reader.sniff(pptx(tmp_path / "a.pptx").read_bytes()[:8192], "a.bin") == 0.95
    assert reader.sniff(write_zip(tmp_path / "z.zip", {"a.txt": "x"}).read_bytes(), "z.zip") == 0.0
    assert reader.sniff(b"plain text", "a.docx") == 0.0
