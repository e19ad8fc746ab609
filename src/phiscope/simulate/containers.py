"""Byte-for-byte reproducible containers: zip, tar.gz, 7z, and zip-based office files.

Every timestamp inside is the constant ``FIXED_TIME`` so that the same seed
gives the same bytes on every run.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime

FIXED_TIME = datetime(2024, 4, 1, 9, 0, 0, tzinfo=UTC)
_ZIP_TIME = (2024, 4, 1, 9, 0, 0)


def zip_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``(name, data)`` members with fixed timestamps and modes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip (DOCX, XLSX) with fixed member timestamps, keeping member order."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    return zip_bytes(members)


def tar_gz_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A gzip-compressed tar with fixed mtimes, owners and modes (gzip header mtime 0)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(FIXED_TIME.timestamp())
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tf.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def sevenz_bytes(members: Sequence[tuple[str, bytes]]) -> bytes | None:
    """A 7z archive with fixed timestamps, or None when py7zr (optional, LGPL) is missing."""
    try:
        import py7zr
        from py7zr.helpers import ArchiveTimestamp
    except ImportError:
        return None
    stamp = ArchiveTimestamp.from_datetime(FIXED_TIME.timestamp())
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as archive:
        for name, data in members:
            archive.writestr(data, name)
        # py7zr stamps members with "now"; the header is only written on close.
        for info in archive.header.files_info.files:
            for key in ("creationtime", "lastwritetime", "lastaccesstime"):
                info[key] = stamp
    return buf.getvalue()
