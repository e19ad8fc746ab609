"""Tar archives, plain or compressed (tar.gz/tgz, tar.bz2, tar.xz): members as ChildBlobs."""

from __future__ import annotations

from collections.abc import Iterator

from phiscope.model import ReadItem
from phiscope.readers._container import compression_of, looks_like_tar, peek_decompressed
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.tar.stream import iter_tar
from phiscope.sources.blob import Blob

_COMPRESSED_TAR = (".tar.gz", ".tgz", ".taz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")


class TarReader(Reader):
    """Tar archive; compressed tars are expanded member by member, not as one opaque file."""

    id = "tar"
    extensions = (".tar", *_COMPRESSED_TAR)

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for a tar header (also inside gzip/bzip2/xz); 0.92 for compressed + tar extension."""
        if looks_like_tar(head[:512]):
            return 0.95
        kind = compression_of(head)
        if kind is not None:
            if looks_like_tar(peek_decompressed(kind, head)):
                return 0.95
            # bzip2 cannot expand its first block from a short head: trust the extension.
            return 0.92 if name.lower().endswith(_COMPRESSED_TAR) else 0.0
        return super().sniff(head, name)

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Yield each member (see :func:`iter_tar`)."""
        yield from iter_tar(blob, ctx)


__all__ = ["TarReader"]
