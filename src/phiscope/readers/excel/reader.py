"""Workbooks (XLSX/XLSM/XLSB/XLS/ODS) through python-calamine: one table per sheet."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import python_calamine as calamine

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._office_sniff import ZIP_MAGIC, ole_kind, zip_office_kind
from phiscope.readers._zip_members import ZIP_ERRORS, embedded_children
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.excel.sheet import SheetTable
from phiscope.sources.blob import Blob

_OOXML_EXT = (".xlsx", ".xlsm", ".xlsb", ".xltx", ".xltm")
_EXT = (*_OOXML_EXT, ".xls", ".xlt", ".ods")


class _CalaminePanic(Exception):
    """A Rust panic inside calamine, re-raised as an ordinary exception."""


_BAD_FILE = (
    calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError, OSError, _CalaminePanic,
)


def _call(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` with pyo3's PanicException (a BaseException) turned into _CalaminePanic."""
    try:
        return fn(*args)
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            raise _CalaminePanic from None
        raise


def _open(blob: Blob) -> Any:
    if blob.fs_path is not None:
        return calamine.CalamineWorkbook.from_path(blob.fs_path)
    return calamine.CalamineWorkbook.from_filelike(io.BytesIO(blob.data or b""))


class ExcelReader(Reader):
    """Every sheet, hidden ones too, as a table (``table_id`` = sheet name)."""

    id: ClassVar[str] = "excel"
    extensions: ClassVar[tuple[str, ...]] = _EXT

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for a workbook zip (beats the zip reader) or an encrypted OOXML workbook,
        0.9 for a legacy XLS, 0.5 for an unrecognised zip/OLE with a workbook extension."""
        by_name = name.lower().endswith(self.extensions)
        kind = zip_office_kind(head)
        if kind in ("xlsx", "xlsb", "ods"):
            return 0.95
        ole = ole_kind(head)
        if ole == "xls":
            return 0.9
        if ole == "encrypted" and name.lower().endswith(_OOXML_EXT):
            return 0.95
        if by_name and kind is None and (ole in ("ole", "encrypted") or head.startswith(ZIP_MAGIC)):
            return 0.5
        return 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Per sheet: title rows as text, then TableBatches of the rows below the header."""
        ole = ole_kind(blob.head())
        if ole == "encrypted" or (ole is not None and blob.name.lower().endswith(_OOXML_EXT)):
            raise DocumentError(ErrorKind.ENCRYPTED, "workbook is password-protected (encrypted OOXML)")
        try:
            book = _call(_open, blob)
        except calamine.PasswordError:
            raise DocumentError(ErrorKind.ENCRYPTED, "workbook is password-protected") from None
        except _BAD_FILE:
            raise DocumentError(ErrorKind.CORRUPT, "workbook could not be opened") from None
        try:
            for number, meta in enumerate(book.sheets_metadata, start=1):
                yield from _sheet(book, meta.name, number, blob.display_path, ctx)
        finally:
            book.close()
        if blob.head(4) == ZIP_MAGIC:
            yield from _embedded(blob, ctx)


def _sheet(book: Any, name: str, number: int, path: str, ctx: ReadContext) -> Iterator[ReadItem]:
    loc = Location(path=path, sheet=name)
    try:
        sheet = _call(book.get_sheet_by_name, name)
        rows = sheet.iter_rows()
        width = int(sheet.width)
    except calamine.PasswordError:
        yield ReadIssue(ErrorKind.ENCRYPTED, f"sheet {number} is password-protected", loc)
        return
    except (*_BAD_FILE, calamine.WorksheetNotFound):
        yield ReadIssue(ErrorKind.CORRUPT, f"sheet {number} could not be read", loc)
        return
    yield from SheetTable(name, loc, ctx.batch_rows).items(rows, width)


def _embedded(blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
    """Files embedded in an XLSX (``xl/embeddings/``) as ChildBlobs."""
    loc = Location(path=blob.display_path)
    with blob.open() as stream:
        try:
            zf = zipfile.ZipFile(stream)
        except ZIP_ERRORS:
            return  # calamine read the sheets; a damaged directory only hides embeddings
        with zf:
            yield from embedded_children(zf, ("xl/embeddings/",), ctx, loc)
