"""Every document reader turns bad bytes into DocumentError/ReadIssue records — nothing else
escapes — and picks its own formats when the registry sniffs content."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
import xlsxwriter
from docreader_helpers import blob_of
from office_fixtures import docx, odf, pptx
from reportlab.pdfgen import canvas

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadIssue
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.csv import CsvReader
from phiscope.readers.excel import ExcelReader
from phiscope.readers.html import HtmlReader, XmlReader
from phiscope.readers.json import JsonReader
from phiscope.readers.office import OfficeReader
from phiscope.readers.pdf import PdfReader
from phiscope.readers.registry import load_readers
from phiscope.readers.text import TextReader

SECRET = "123-45-6789"


def _xlsx(path: Path) -> bytes:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row(0, 0, ["name", "ssn"])
    for i in range(1, 200):
        ws.write_row(i, 0, [f"Patient {i}", SECRET])
    wb.close()
    return path.read_bytes()


def _pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in range(5):
        c.drawString(72, 720, f"SSN {SECRET} page {page}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _samples(tmp: Path) -> dict[str, tuple[Reader, str, bytes]]:
    """format → (its reader, file name, valid bytes)."""
    odt_body = f"<office:text><text:p>SSN {SECRET}</text:p></office:text>"
    return {
        "text": (TextReader(), "a.txt", f"note {SECRET}\n".encode() * 50),
        "csv": (CsvReader(), "a.csv", b"name,ssn\n" + f'"Jane",{SECRET}\n'.encode() * 300),
        "xlsx": (ExcelReader(), "a.xlsx", _xlsx(tmp / "a.xlsx")),
        "json": (JsonReader(), "a.json", json.dumps({"p": [{"ssn": SECRET, "n": "x"}] * 50}).encode()),
        "ndjson": (JsonReader(), "a.ndjson", json.dumps({"ssn": SECRET}).encode() * 50),
        "pdf": (PdfReader(), "a.pdf", _pdf()),
        "docx": (OfficeReader(), "a.docx", docx(tmp / "a.docx").read_bytes()),
        "pptx": (OfficeReader(), "a.pptx", pptx(tmp / "a.pptx").read_bytes()),
        "odt": (OfficeReader(), "a.odt",
                odf(tmp / "a.odt", "application/vnd.oasis.opendocument.text", odt_body).read_bytes()),
        "html": (HtmlReader(), "a.html", f"<html><body><p>SSN {SECRET}</p></body></html>".encode()),
        "xml": (XmlReader(), "a.xml", f"<?xml version='1.0'?><r><ssn>{SECRET}</ssn></r>".encode() * 3),
    }


def _read_safely(reader: Reader, data: bytes, name: str) -> None:
    """Read everything; only DocumentError may escape; no record may quote the content."""
    kinds = set(ErrorKind)
    try:
        for item in reader.read(blob_of(data, name), ReadContext(batch_rows=50, text_unit_chars=500)):
            if isinstance(item, ReadIssue):
                assert item.kind in kinds and SECRET not in item.message
    except DocumentError as exc:
        assert exc.kind in kinds and SECRET not in exc.message


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Reader, str, bytes]]:
    return _samples(tmp_path_factory.mktemp("samples"))


def test_truncated_and_damaged_files(samples: dict[str, tuple[Reader, str, bytes]]) -> None:
    rng = random.Random(7)
    for reader, name, data in samples.values():
        for keep in (0.0, 0.1, 0.5, 0.9):
            _read_safely(reader, data[: int(len(data) * keep)], name)
        for _ in range(4):
            damaged = bytearray(data)
            for _ in range(20):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            _read_safely(reader, bytes(damaged), name)


def test_random_bytes_under_every_name(samples: dict[str, tuple[Reader, str, bytes]]) -> None:
    rng = random.Random(3)
    for reader, name, _ in samples.values():
        for size in (1, 100, 9000):
            _read_safely(reader, rng.randbytes(size), name)


def test_registry_chooses_each_format_by_content(samples: dict[str, tuple[Reader, str, bytes]]) -> None:
    readers = load_readers()
    for fmt, (reader, _, data) in samples.items():
        chosen = readers.choose(data[:8192], "unnamed")
        assert chosen is not None and chosen.id == reader.id, fmt
