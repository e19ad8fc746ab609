"""7z archives through py7zr (LGPL: an optional extra, imported only when a 7z is read)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadItem
from phiscope.readers.base import ReadContext, Reader
from phiscope.sources.blob import Blob

MAGIC = b"7z\xbc\xaf\x27\x1c"
INSTALL_HINT = "7z support needs: pip install 'phiscope[sevenzip]'"


class SevenZipReader(Reader):
    """7z archive: members as ChildBlobs (needs the ``sevenzip`` extra)."""

    id = "sevenzip"
    extensions = (".7z",)

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for the 7z signature, 0.3 for the extension alone."""
        return 0.95 if head.startswith(MAGIC) else super().sniff(head, name)

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Yield each member; UNSUPPORTED DocumentError when py7zr is not installed."""
        if importlib.util.find_spec("py7zr") is None:
            raise DocumentError(ErrorKind.UNSUPPORTED, INSTALL_HINT)
        from phiscope.readers.sevenzip.extract import iter_7z  # imports py7zr

        yield from iter_7z(blob, ctx)


__all__ = ["INSTALL_HINT", "SevenZipReader"]
