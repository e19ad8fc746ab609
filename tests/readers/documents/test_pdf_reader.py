"""The PDF reader: text per page, image-only pages, encrypted/truncated/corrupt files."""

from __future__ import annotations

import io

import pytest
from docreader_helpers import blob_of, read_items
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadIssue, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.pdf import PdfReader
from phiscope.readers.pdf.reader import NO_TEXT_LAYER


def _pdf(encrypt: StandardEncryption | None = None, long_page: bool = False) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    c.drawString(72, 720, "Patient: Jane Doe")
    c.drawString(72, 700, "SSN 123-45-6789")
    c.showPage()
    c.drawImage(ImageReader(Image.new("RGB", (40, 40), "white")), 72, 500, 200, 200)  # a "scan"
    c.showPage()
    c.showPage()  # blank: no text, no image, nothing to report
    for i in range(60 if long_page else 1):
        c.drawString(72, 760 - 12 * i, f"Third page MRN {i:04d}")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_golden_pages() -> None:
    items = read_items(PdfReader(), blob_of(_pdf(), "chart.pdf"))
    assert [(type(i).__name__, i.loc.page if i.loc else None) for i in items] == [
        ("TextUnit", 1), ("ReadIssue", 2), ("TextUnit", 4)]
    first, scan, third = items
    assert isinstance(first, TextUnit) and first.text == "Patient: Jane Doe\nSSN 123-45-6789"
    assert (first.loc.path, first.loc.line, first.loc.offset) == ("case/chart.pdf", 1, 0)
    assert isinstance(scan, ReadIssue) and (scan.kind, scan.message) == (ErrorKind.UNSUPPORTED, NO_TEXT_LAYER)
    assert isinstance(third, TextUnit) and third.text == "Third page MRN 0000"


def test_long_page_is_split_with_lines_within_the_page() -> None:
    items = read_items(PdfReader(), blob_of(_pdf(long_page=True), "c.pdf"), ReadContext(text_unit_chars=300))
    page4 = [i for i in items if isinstance(i, TextUnit) and i.loc.page == 4]
    assert len(page4) > 2
    assert [u.loc.line for u in page4][:2] == [1, 1 + page4[0].text.count("\n")]
    assert "".join(u.text for u in page4).count("MRN") == 60


def test_password_protected() -> None:
    with pytest.raises(DocumentError) as err:
        read_items(PdfReader(), blob_of(_pdf(StandardEncryption("user-pw", "owner-pw")), "s.pdf"))
    assert err.value.kind == ErrorKind.ENCRYPTED


def test_owner_password_only_still_reads() -> None:
    items = read_items(PdfReader(), blob_of(_pdf(StandardEncryption("", "owner-pw")), "s.pdf"))
    assert any(isinstance(i, TextUnit) and "Jane Doe" in i.text for i in items)


@pytest.mark.parametrize("keep", [0.5, 0.05])
def test_truncated(keep: float) -> None:
    data = _pdf()
    with pytest.raises(DocumentError) as err:
        read_items(PdfReader(), blob_of(data[: int(len(data) * keep)], "t.pdf"))
    assert err.value.kind == ErrorKind.TRUNCATED


def test_missing_tail_is_reported_but_pages_are_read() -> None:
    items = read_items(PdfReader(), blob_of(_pdf()[:-10], "t.pdf"))
    assert isinstance(items[0], ReadIssue) and items[0].kind == ErrorKind.TRUNCATED
    assert any(isinstance(i, TextUnit) for i in items)


def test_corrupt() -> None:
    with pytest.raises(DocumentError) as err:
        read_items(PdfReader(), blob_of(b"%PDF-1.4\nnot a pdf body\n%%EOF\n", "c.pdf"))
    assert err.value.kind == ErrorKind.CORRUPT


def test_sniff() -> None:
    assert PdfReader().sniff(b"%PDF-1.7\n", "x") == 1.0
    assert PdfReader().sniff(b"\n\n%PDF-1.4", "x") == 1.0
    assert PdfReader().sniff(b"hello", "x.pdf") == 0.3
    assert PdfReader().sniff(b"hello", "x.txt") == 0.0
