"""One file compressed with gzip, bzip2 or xz: decompressed, under the limits, into one ChildBlob."""

from __future__ import annotations

import lzma
import os
import struct
import zlib
from collections.abc import Iterator

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadItem
from phiscope.readers._container import (
    BZIP2,
    GZIP,
    XZ,
    Budget,
    CountingReader,
    LimitExceeded,
    check_ratio,
    compression_of,
    issue,
    new_spool,
    open_decompressed,
)
from phiscope.readers.base import ReadContext
from phiscope.sources.blob import Blob

#: Small reads: a stream cut short loses at most one read's worth of already-expanded bytes.
_READ = 1 << 16
_SUFFIXES = {
    GZIP: (".gz", ".gzip", ".tgz", ".z"),
    BZIP2: (".bz2", ".bz", ".tbz2", ".tbz"),
    XZ: (".xz", ".txz", ".lzma"),
}
_STREAM_ERRORS = (OSError, zlib.error, lzma.LZMAError, ValueError)


def kind_of(head: bytes, name: str) -> str | None:
    """Compression from magic bytes, else from the file extension."""
    kind = compression_of(head)
    if kind is None:
        lower = name.lower()
        kind = next((k for k, sfx in _SUFFIXES.items() if lower.endswith(sfx)), None)
    return kind


def gzip_original_name(head: bytes) -> str | None:
    """The original file name stored in a gzip header (FNAME), without directories."""
    if len(head) < 10 or not head.startswith(b"\x1f\x8b") or not head[3] & 0x08:
        return None
    pos = 10
    if head[3] & 0x04:  # FEXTRA
        if len(head) < 12:
            return None
        pos += 2 + struct.unpack_from("<H", head, 10)[0]
    end = head.find(b"\x00", pos)
    if end <= pos:
        return None
    name = head[pos:end].decode("latin-1").replace("\\", "/").rsplit("/", 1)[-1]
    return name or None


def child_name(name: str, head: bytes, kind: str) -> str:
    """Name of the decompressed file: the blob name less its suffix (or the gzip FNAME)."""
    lower = name.lower()
    stem = next((name[: -len(s)] for s in _SUFFIXES[kind] if lower.endswith(s) and len(name) > len(s)),
                None)
    if stem and lower.endswith((".tgz", ".tbz2", ".tbz", ".txz")):
        stem += ".tar"
    if stem and os.path.splitext(stem)[1]:
        return stem
    original = gzip_original_name(head) if kind == GZIP else None
    return original or stem or name + ".out"


def iter_single(blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
    """Yield the decompressed content; a stream cut short yields what was readable plus an issue."""
    with blob.open() as fp:
        head = fp.read(4096)
        fp.seek(0)
        kind = kind_of(head, blob.name)
        if kind is None:
            raise DocumentError(ErrorKind.CORRUPT, "not a gzip, bzip2 or xz file")
        raw = CountingReader(fp)
        stream = open_decompressed(kind, raw)
        budget = Budget(ctx.limits)
        spool = new_spool(ctx)
        problem: ErrorKind | None = None
        while True:
            try:
                chunk = stream.read1(_READ)
            except EOFError:
                problem = ErrorKind.TRUNCATED
                break
            except _STREAM_ERRORS:
                problem = ErrorKind.CORRUPT
                break
            if not chunk:
                break
            try:
                budget.charge(len(chunk), spool.size + len(chunk))
                check_ratio(spool.size + len(chunk), raw.count, ctx.limits, fatal=True)
            except LimitExceeded as exc:
                spool.discard()
                yield issue(exc.kind, exc.message, blob)
                return
            spool.write(chunk)
    if problem is not None and spool.size == 0:
        spool.discard()
        raise DocumentError(problem, f"{kind} stream unreadable (damaged or cut short)")
    yield spool.to_child(child_name(blob.name, head, kind))
    if problem is not None:
        yield issue(problem, f"{kind} stream damaged or cut short; the readable part was read", blob)
