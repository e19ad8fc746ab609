"""Word-processing and presentation documents: DOCX, PPTX, ODT, ODP (XML read from the zip)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import ClassVar

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadItem
from phiscope.readers._office_sniff import ZIP_MAGIC, ole_kind, zip_office_kind
from phiscope.readers._zip_members import ZIP_ERRORS, embedded_children, open_zip, tail_bytes
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.office.docx import docx_items
from phiscope.readers.office.odf import odp_items, odt_items
from phiscope.readers.office.pptx import pptx_items
from phiscope.sources.blob import Blob

_OOXML_EXT = (".docx", ".docm", ".dotx", ".dotm", ".pptx", ".pptm", ".potx", ".potm", ".ppsx", ".ppsm")
_LEGACY_EXT = (".doc", ".dot", ".ppt", ".pot", ".pps")
_ODF_EXT = (".odt", ".ott", ".odp", ".otp")
_Items = Callable[[zipfile.ZipFile, Location, ReadContext], Iterator[ReadItem]]
_KINDS: dict[str, tuple[_Items, tuple[str, ...]]] = {
    "docx": (docx_items, ("word/embeddings/",)),
    "pptx": (pptx_items, ("ppt/embeddings/",)),
    "odt": (odt_items, ()),
    "odp": (odp_items, ()),
}
_MARKERS = (("word/document.xml", "docx"), ("ppt/presentation.xml", "pptx"))


def _kind_from_members(zf: zipfile.ZipFile) -> str | None:
    names = set(zf.namelist())
    for member, kind in _MARKERS:
        if member in names:
            return kind
    if "mimetype" in names:
        mime = zf.read("mimetype").decode("ascii", "replace").strip()
        return {"application/vnd.oasis.opendocument.text": "odt",
                "application/vnd.oasis.opendocument.presentation": "odp"}.get(mime)
    return None


class OfficeReader(Reader):
    """Text with paragraph breaks as newlines; DOCX tables with a header row as TableBatches;
    embedded files as ChildBlobs. Encrypted OOXML and legacy .doc/.ppt are reported."""

    id: ClassVar[str] = "office"
    extensions: ClassVar[tuple[str, ...]] = (*_OOXML_EXT, *_LEGACY_EXT, *_ODF_EXT)

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for a DOCX/PPTX/ODT/ODP zip (beats the zip reader) or encrypted Word/PowerPoint,
        0.9 for other encrypted OOXML and legacy binary Word/PowerPoint, 0.5 on extension alone."""
        lower = name.lower()
        if zip_office_kind(head) in _KINDS:
            return 0.95
        ole = ole_kind(head)
        if ole == "encrypted":
            return 0.95 if lower.endswith(_OOXML_EXT) else 0.9
        if ole in ("doc", "ppt"):
            return 0.9
        if ole == "ole" and lower.endswith((*_OOXML_EXT, *_LEGACY_EXT)):
            return 0.8
        if head.startswith(ZIP_MAGIC) and lower.endswith((*_OOXML_EXT, *_ODF_EXT)):
            return 0.5
        return 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Document text, tables and embedded files, in document order."""
        head = blob.head()
        ole = ole_kind(head)
        if ole == "encrypted" or (ole is not None and blob.name.lower().endswith(_OOXML_EXT)):
            raise DocumentError(ErrorKind.ENCRYPTED, "document is password-protected (encrypted OOXML)")
        if ole is not None:
            raise DocumentError(ErrorKind.UNSUPPORTED, "legacy binary Word/PowerPoint file not supported")
        loc = Location(path=blob.display_path)
        with blob.open() as stream, open_zip(stream, tail_bytes(blob)) as zf:
            try:
                kind = zip_office_kind(head) or _kind_from_members(zf)
                if kind not in _KINDS:
                    raise DocumentError(ErrorKind.CORRUPT, "zip holds no Word/PowerPoint/ODF content")
                items, embedded = _KINDS[kind]
                yield from items(zf, loc, ctx)
            except KeyError:
                raise DocumentError(ErrorKind.CORRUPT, "a required document part is missing") from None
            except etree.XMLSyntaxError:
                raise DocumentError(ErrorKind.CORRUPT, "document XML is malformed") from None
            except ZIP_ERRORS:
                raise DocumentError(ErrorKind.CORRUPT, "document part could not be decompressed") from None
            yield from embedded_children(zf, embedded, ctx, loc)
