"""Encapsulated documents (PDF, CDA, text): EncapsulatedDocument (0042,0011) becomes a child document.

The value is usually larger than the header's defer size, so the walk only
notes where it lies in the file; ``child`` copies it out afterwards (to a
spool file when large), and the engine reads it with whichever reader sniffs it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset

from phiscope.model import ChildBlob
from phiscope.readers.base import ReadContext
from phiscope.readers.dicom.values import strings
from phiscope.sources.blob import Blob

_DOCUMENT = 0x00420011
_MIME = 0x00420012
_LENGTH = 0x00420015
#: MIME type -> extension of the child's name; other types (STL, OBJ meshes…) are left out
EXTENSIONS = {"application/pdf": "pdf", "text/xml": "xml", "application/xml": "xml", "text/plain": "txt",
              "text/html": "html", "text/rtf": "rtf", "application/rtf": "rtf", "application/json": "json"}


@dataclass(frozen=True, slots=True)
class Document:
    """Where an encapsulated document is: its bytes, or its offset and length in the file."""

    name: str
    data: bytes | None
    offset: int
    length: int


def _declared_length(ds: Dataset) -> int | None:
    try:
        values = strings(ds[_LENGTH].value) if _LENGTH in ds else []
        return int(values[0]) if values else None
    except Exception:  # pydicom's value conversion raises many types on malformed values
        return None


def find(ds: Dataset) -> Document | None:
    """The encapsulated document of a top-level data set (None: none, or a type not read)."""
    raw = ds.get_item(_DOCUMENT, keep_deferred=True)
    if raw is None or _MIME not in ds:
        return None
    try:
        mime = (strings(ds[_MIME].value) or [""])[0].lower()
    except Exception:  # a MIME type pydicom cannot decode: not a document we can name
        return None
    ext = EXTENSIONS.get(mime.split(";")[0].strip())
    if ext is None:
        return None
    declared = _declared_length(ds)
    name = f"EncapsulatedDocument.{ext}"
    if isinstance(raw, RawDataElement) and raw.value is None:
        length = raw.length if declared is None else min(declared, raw.length)
        return Document(name, None, raw.value_tell, length) if length != 0xFFFFFFFF else None
    value = raw.value
    if not isinstance(value, bytes) or not value:
        return None
    data = value[:declared] if declared is not None and 0 < declared <= len(value) else value
    return Document(name, data, 0, len(data))


def child(blob: Blob, doc: Document, ctx: ReadContext) -> ChildBlob | None:
    """The document as a ChildBlob (read from the file now; spooled over ``spool_over_bytes``)."""
    if doc.data is not None:
        return ChildBlob(doc.name, data=doc.data)
    length = max(0, min(doc.length, blob.size - doc.offset))
    if length == 0:
        return None
    with blob.open() as f:
        f.seek(doc.offset)
        if length <= ctx.limits.spool_over_bytes:
            return ChildBlob(doc.name, data=f.read(length))
        with tempfile.NamedTemporaryFile(dir=ctx.tmp_dir, prefix="phiscope-dicom-", delete=False) as spool:
            left = length
            while left and (chunk := f.read(min(left, 1 << 20))):
                spool.write(chunk)
                left -= len(chunk)
    return ChildBlob(doc.name, spool_path=spool.name)
