"""A ``Blob`` is one file's bytes wherever they live: on disk, in memory, or in
a spooled temporary file extracted from an archive or e-mail.

Blobs are opened as seekable binary streams so readers can stream large
content without loading it whole.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from typing import BinaryIO

SEP = "!/"  # joins container and member in display paths: a.zip!/b/c.csv

HEAD_SIZE = 8192


@dataclass(frozen=True, slots=True)
class Blob:
    """Bytes of one document plus where they came from.

    ``display_path`` is the full path chain; ``name`` the last component (used
    for extension sniffing); ``depth`` counts container levels (0 = a file
    given on disk). Exactly one of ``fs_path`` / ``data`` is set.
    """

    display_path: str
    name: str
    depth: int = 0
    fs_path: str | None = None
    data: bytes | None = None
    mime_part: str | None = None

    def open(self) -> BinaryIO:
        """A fresh seekable binary stream positioned at 0."""
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.fs_path is not None
        return open(self.fs_path, "rb")

    @property
    def size(self) -> int:
        """Size in bytes."""
        if self.data is not None:
            return len(self.data)
        assert self.fs_path is not None
        return os.path.getsize(self.fs_path)

    def head(self, n: int = HEAD_SIZE) -> bytes:
        """The first ``n`` bytes (for content sniffing)."""
        if self.data is not None:
            return self.data[:n]
        with self.open() as f:
            return f.read(n)

    def sha256(self) -> str:
        """Hex SHA-256 of the content, streamed."""
        if self.data is not None:
            return hashlib.sha256(self.data).hexdigest()
        h = hashlib.sha256()
        with self.open() as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()

    def child(self, name: str, *, data: bytes | None = None, fs_path: str | None = None,
              mime_part: str | None = None) -> Blob:
        """A member/attachment blob one container level below this one."""
        return Blob(
            display_path=f"{self.display_path}{SEP}{name}",
            name=name.rsplit("/", 1)[-1],
            depth=self.depth + 1,
            fs_path=fs_path,
            data=data,
            mime_part=mime_part,
        )
