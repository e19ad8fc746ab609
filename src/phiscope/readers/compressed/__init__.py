"""Single-file compression (gzip, bzip2, xz): the decompressed file is one ChildBlob.

A compressed tar is handed to the tar code so that its members are
expanded, not yielded as one opaque tar.
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Iterator

from phiscope.model import ReadItem
from phiscope.readers._container import (
    compression_of,
    looks_like_tar,
    open_decompressed,
)
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.compressed.single import iter_single, kind_of
from phiscope.sources.blob import Blob

_PEEK_ERRORS = (EOFError, OSError, ValueError, zlib.error, lzma.LZMAError)


def _holds_tar(blob: Blob) -> bool:
    """Whether the first decompressed block is a tar header."""
    with blob.open() as fp:
        kind = kind_of(fp.read(16), blob.name)
        if kind is None:
            return False
        fp.seek(0)
        try:
            return looks_like_tar(open_decompressed(kind, fp).read(512))
        except _PEEK_ERRORS:
            return False


class CompressedReader(Reader):
    """A gzip/bzip2/xz file holding one file (or a tar, expanded member by member)."""

    id = "compressed"
    extensions = (".gz", ".gzip", ".bz2", ".bz", ".xz", ".lzma")

    def sniff(self, head: bytes, name: str) -> float:
        """0.9 for gzip/bzip2/xz magic bytes, 0.3 for the extension alone."""
        return 0.9 if compression_of(head) else super().sniff(head, name)

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Yield the decompressed file, or the members of a compressed tar."""
        if _holds_tar(blob):
            # Imported here: the tar package imports this one (a non-tar ".tar.gz" falls back).
            from phiscope.readers.tar.stream import iter_tar

            yield from iter_tar(blob, ctx)
        else:
            yield from iter_single(blob, ctx)


__all__ = ["CompressedReader"]
