"""PDF text layer through pypdfium2, one page at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.text.units import split_units
from phiscope.sources.blob import Blob

_PASSWORD_ERRORS = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
NO_TEXT_LAYER = "page has no text layer (scanned image; OCR not enabled)"


def _has_eof_marker(blob: Blob) -> bool:
    with blob.open() as f:
        f.seek(max(0, blob.size - 2048))
        return b"%%EOF" in f.read()


def _open(blob: Blob) -> Any:
    try:
        return pdfium.PdfDocument(blob.fs_path if blob.fs_path is not None else (blob.data or b""))
    except pdfium.PdfiumError as exc:
        if exc.err_code in _PASSWORD_ERRORS:
            raise DocumentError(ErrorKind.ENCRYPTED, "PDF is password-protected") from None
        if not _has_eof_marker(blob):
            raise DocumentError(ErrorKind.TRUNCATED, "PDF ends early and could not be opened") from None
        raise DocumentError(ErrorKind.CORRUPT, "PDF could not be opened") from None


def page_text(page: Any) -> str:
    """The text layer of one page, with ``\\n`` line ends."""
    textpage = page.get_textpage()
    try:
        text: str = textpage.get_text_range()
    finally:
        textpage.close()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _has_images(page: Any) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4))


class PdfReader(Reader):
    """Text per page (``loc.page``); image-only pages are reported, not OCR-ed."""

    id: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)

    def sniff(self, head: bytes, name: str) -> float:
        """1.0 for the ``%PDF-`` magic in the first KB, 0.3 for the extension alone."""
        if b"%PDF-" in head[:1024]:
            return 1.0
        return super().sniff(head, name)

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """TextUnits per page (split when longer than ``ctx.text_unit_chars``)."""
        loc = Location(path=blob.display_path)
        doc = _open(blob)
        try:
            if not _has_eof_marker(blob):
                yield ReadIssue(ErrorKind.TRUNCATED, "PDF ends early; later content may be missing", loc)
            for index in range(len(doc)):
                yield from _page_items(doc, index, loc.with_(page=index + 1), ctx)
        finally:
            doc.close()


def _page_items(doc: Any, index: int, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        yield ReadIssue(ErrorKind.CORRUPT, "page could not be read", loc)
        return
    try:
        text = page_text(page)
        if text.strip():
            yield from split_units([text], loc, ctx.text_unit_chars)
        elif _has_images(page):
            yield ReadIssue(ErrorKind.UNSUPPORTED, NO_TEXT_LAYER, loc)
    except pdfium.PdfiumError:
        yield ReadIssue(ErrorKind.CORRUPT, "page text could not be extracted", loc)
    finally:
        page.close()
