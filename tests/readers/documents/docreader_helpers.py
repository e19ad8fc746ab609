"""Helpers for the document reader tests (imported by name; no fixtures here)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from phiscope.model import ReadItem
from phiscope.readers.base import ReadContext, Reader
from phiscope.sources.blob import Blob


def blob_of(data: bytes, name: str) -> Blob:
    """An in-memory blob."""
    return Blob(display_path=f"case/{name}", name=name, data=data)


def file_blob(path: Path) -> Blob:
    """A blob on disk."""
    return Blob(display_path=str(path), name=path.name, fs_path=str(path))


def read_items(reader: Reader, blob: Blob, ctx: ReadContext | None = None) -> list[ReadItem]:
    """Every item the reader yields."""
    return list(reader.read(blob, ctx or ReadContext()))


def write_zip(path: Path, members: dict[str, str | bytes], stored_first: str | None = None) -> Path:
    """A zip with the given members (``stored_first`` uncompressed and first, like ODF ``mimetype``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if stored_first is not None:
            info = zipfile.ZipInfo(stored_first)
            zf.writestr(info, members[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            if name != stored_first:
                zf.writestr(name, content)
    return path
