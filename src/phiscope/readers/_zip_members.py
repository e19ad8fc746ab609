"""Safe access to members of zip-based documents (OOXML, OpenDocument)."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, Location, ReadIssue, ReadItem
from phiscope.readers.base import ReadContext
from phiscope.sources.blob import Blob

#: Largest XML part parsed in memory.
MAX_XML_BYTES = 512 << 20
#: What damaged zips raise: zipfile's own errors, zlib's, short reads, unknown compression
#: methods or versions (NotImplementedError) and encrypted members (RuntimeError).
ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError,
)


def xml_parser() -> etree.XMLParser:
    """A parser that resolves no entities and fetches nothing (no XXE)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True,
                           remove_pis=True)


def _check(info: zipfile.ZipInfo, ctx: ReadContext, limit: int) -> tuple[str, str] | None:
    """(kind, message) when a member is too large or too compressed to expand."""
    if info.file_size > limit:
        return ErrorKind.OVERSIZED, "embedded part is larger than the size limit"
    if info.compress_size and info.file_size / info.compress_size > ctx.limits.max_ratio:
        return ErrorKind.ZIP_BOMB, "embedded part exceeds the compression-ratio limit"
    return None


def read_xml(zf: zipfile.ZipFile, name: str, ctx: ReadContext) -> etree._Element:
    """Parse one XML member. Raises DocumentError (too large) or ``etree.XMLSyntaxError``."""
    info = zf.getinfo(name)
    problem = _check(info, ctx, min(MAX_XML_BYTES, ctx.limits.max_member_bytes))
    if problem:
        raise DocumentError(ErrorKind(problem[0]), problem[1])
    with zf.open(info) as f:
        return etree.fromstring(f.read(), xml_parser())


def embedded_children(zf: zipfile.ZipFile, prefixes: tuple[str, ...], ctx: ReadContext,
                      loc: Location) -> Iterator[ReadItem]:
    """Embedded files (``word/embeddings/…``) as ChildBlobs, large ones spooled to disk."""
    for info in zf.infolist():
        if info.is_dir() or not info.filename.startswith(prefixes):
            continue
        name = info.filename.rsplit("/", 1)[-1]
        problem = _check(info, ctx, ctx.limits.max_member_bytes)
        if problem:
            yield ReadIssue(problem[0], problem[1], loc)
            continue
        try:
            yield _child(zf, info, name, ctx)
        except ZIP_ERRORS:
            yield ReadIssue(ErrorKind.CORRUPT, "embedded part could not be extracted", loc)


def _child(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, ctx: ReadContext) -> ChildBlob:
    with zf.open(info) as src:
        if info.file_size <= ctx.limits.spool_over_bytes:
            return ChildBlob(name=name, data=src.read())
        with tempfile.NamedTemporaryFile(dir=ctx.tmp_dir, prefix="phiscope-", delete=False) as dst:
            try:
                shutil.copyfileobj(src, dst, 1 << 20)
            except BaseException:
                os.unlink(dst.name)
                raise
            return ChildBlob(name=name, spool_path=dst.name)


def open_zip(stream: BinaryIO, tail: bytes) -> zipfile.ZipFile:
    """Open a zip document; DocumentError TRUNCATED/CORRUPT when it cannot be."""
    try:
        return zipfile.ZipFile(stream)
    except ZIP_ERRORS:
        if b"PK\x05\x06" not in tail:
            raise DocumentError(ErrorKind.TRUNCATED, "document ends early (no zip directory)") from None
        raise DocumentError(ErrorKind.CORRUPT, "document is not a readable zip") from None


def tail_bytes(blob: Blob, size: int = 65558) -> bytes:
    """The last ``size`` bytes (a zip's end-of-directory record sits in the last 64 KiB)."""
    with blob.open() as f:
        f.seek(max(0, blob.size - size))
        return f.read()
