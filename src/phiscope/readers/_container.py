"""Helpers shared by the container readers (archives and e-mail).

Members are copied in chunks into a :class:`Spool` (memory up to
``limits.spool_over_bytes``, then an anonymous temporary file) while a
:class:`Budget` and a ratio guard watch the expanded size, so a hostile
archive is stopped *while* it expands, whatever its headers claim.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import lzma
import os
import re
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, BinaryIO, Protocol, cast

from phiscope.errors import ErrorKind
from phiscope.model import ChildBlob, Location, ReadIssue
from phiscope.readers.base import Limits, ReadContext
from phiscope.sources.blob import SEP, Blob

CHUNK = 1 << 20
#: Members expanding to less than this are never called bombs (tiny files compress very well).
RATIO_GRACE_BYTES = 1 << 20

Guard = Callable[[int], None]


class ByteSource(Protocol):
    """Anything with ``read(n) -> bytes`` (files, zip/tar member streams, decompressors)."""

    def read(self, size: int = -1, /) -> bytes:
        """Read up to ``size`` bytes."""
        ...


class LimitExceeded(Exception):
    """A safety limit was hit; ``fatal`` means the rest of the container is skipped."""

    def __init__(self, kind: ErrorKind, message: str, *, fatal: bool) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.fatal = fatal


@dataclass(slots=True)
class Budget:
    """Member count and expanded bytes of one container, checked against the limits."""

    limits: Limits
    total: int = 0
    members: int = 0

    def next_member(self) -> None:
        """Count one more member; fatal OVERSIZED past ``max_members``."""
        self.members += 1
        if self.members > self.limits.max_members:
            raise LimitExceeded(
                ErrorKind.OVERSIZED,
                f"more than {self.limits.max_members} members; the rest were skipped",
                fatal=True,
            )

    def charge(self, n: int, member_bytes: int) -> None:
        """Account ``n`` more expanded bytes (``member_bytes`` so far in this member)."""
        self.total += n
        if self.total > self.limits.max_total_bytes:
            raise LimitExceeded(
                ErrorKind.ZIP_BOMB,
                f"expanded size over {self.limits.max_total_bytes} bytes; the rest was skipped",
                fatal=True,
            )
        if member_bytes > self.limits.max_member_bytes:
            raise LimitExceeded(
                ErrorKind.OVERSIZED,
                f"member larger than {self.limits.max_member_bytes} bytes skipped",
                fatal=False,
            )


def check_ratio(expanded: int, compressed: int, limits: Limits, *, fatal: bool) -> None:
    """Raise ZIP_BOMB when ``expanded / compressed`` exceeds ``limits.max_ratio``."""
    if expanded > RATIO_GRACE_BYTES and expanded > limits.max_ratio * max(compressed, 1):
        raise LimitExceeded(
            ErrorKind.ZIP_BOMB,
            f"compression ratio over {limits.max_ratio:g} (expanded {expanded} bytes "
            f"from {compressed}); {'the rest was' if fatal else 'member'} skipped",
            fatal=fatal,
        )


class Spool:
    """One member's bytes: in memory up to ``limit`` bytes, then an anonymous temp file."""

    def __init__(self, limit: int, tmp_dir: str | None) -> None:
        self._limit = limit
        self._tmp_dir = tmp_dir
        self._buf: io.BytesIO | None = io.BytesIO()
        self._file: BinaryIO | None = None
        self._path: str | None = None
        self.size = 0

    @property
    def in_memory(self) -> bool:
        """True while the bytes are still held in memory."""
        return self._buf is not None

    def write(self, chunk: bytes) -> None:
        """Append bytes, moving to a temp file once over the limit."""
        self.size += len(chunk)
        if self._buf is not None and self.size > self._limit:
            fd, self._path = tempfile.mkstemp(prefix="phiscope-", suffix=".member", dir=self._tmp_dir)
            self._file = os.fdopen(fd, "wb")
            self._file.write(self._buf.getbuffer())
            self._buf = None
        if self._buf is not None:
            self._buf.write(chunk)
        else:
            assert self._file is not None
            self._file.write(chunk)

    def to_child(self, name: str, mime_part: str | None = None) -> ChildBlob:
        """The finished member (a spooled temp file then belongs to the engine)."""
        if self._buf is not None:
            return ChildBlob(name=name, data=self._buf.getvalue(), mime_part=mime_part)
        assert self._file is not None and self._path is not None
        self._file.close()
        return ChildBlob(name=name, spool_path=self._path, mime_part=mime_part)

    def discard(self) -> None:
        """Drop the bytes and remove any temp file."""
        self._buf = None
        if self._file is not None:
            self._file.close()
        if self._path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._path)
            self._path = None


def copy_member(src: ByteSource, spool: Spool, budget: Budget, guard: Guard | None = None) -> None:
    """Copy ``src`` into ``spool`` in chunks, checking limits after every chunk.

    On any exception the spool is discarded before the exception propagates.
    """
    n = 0
    try:
        while chunk := src.read(CHUNK):
            n += len(chunk)
            budget.charge(len(chunk), n)
            if guard is not None:
                guard(n)
            spool.write(chunk)
    except BaseException:
        spool.discard()
        raise


def drain(src: ByteSource, guard: Guard) -> int:
    """Read ``src`` to its end without keeping it, calling ``guard`` with the running count."""
    n = 0
    while chunk := src.read(CHUNK):
        n += len(chunk)
        guard(n)
    return n


def child_from_bytes(name: str, data: bytes, ctx: ReadContext, mime_part: str | None = None) -> ChildBlob:
    """A ChildBlob for bytes already in memory (spooled to disk when large)."""
    if len(data) <= ctx.limits.spool_over_bytes:
        return ChildBlob(name=name, data=data, mime_part=mime_part)
    spool = Spool(0, ctx.tmp_dir)
    spool.write(data)
    return spool.to_child(name, mime_part)


def new_spool(ctx: ReadContext) -> Spool:
    """A spool sized by the context's limits."""
    return Spool(ctx.limits.spool_over_bytes, ctx.tmp_dir)


_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> bool:
    """True for absolute member names and names that climb out of the archive root."""
    path = name.replace("\\", "/")
    if path.startswith("/") or _DRIVE.match(path):
        return True
    depth = 0
    for part in path.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def member_loc(blob: Blob, name: str | None = None) -> Location:
    """Location of a container (or of one of its members)."""
    return Location(path=blob.display_path if name is None else f"{blob.display_path}{SEP}{name}")


def issue(kind: ErrorKind, message: str, blob: Blob, name: str | None = None) -> ReadIssue:
    """A ReadIssue located at the container or one member (names go in the location only)."""
    return ReadIssue(kind=kind.value, message=message, loc=member_loc(blob, name))


class CountingReader(io.RawIOBase):
    """Read-only view of a binary stream that counts the bytes read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        """Always readable."""
        return True

    def seekable(self) -> bool:
        """Seekable when the wrapped stream is."""
        return self._raw.seekable()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the wrapped stream."""
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Seek the wrapped stream."""
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        """Position in the wrapped stream."""
        return self._raw.tell()


# --- single-stream compression (gzip, bzip2, xz) ------------------------------------------

GZIP, BZIP2, XZ = "gzip", "bzip2", "xz"
_BZ2_BLOCK_MAGICS = (b"1AY&SY", b"\x17rE8P\x90")  # first block, or end of an empty stream


def compression_of(head: bytes) -> str | None:
    """``gzip``/``bzip2``/``xz`` from magic bytes, else None."""
    if head.startswith(b"\x1f\x8b\x08"):
        return GZIP
    level = head[3:4]
    if head[:3] == b"BZh" and level.isdigit() and level != b"0" and head[4:10] in _BZ2_BLOCK_MAGICS:
        return BZIP2
    if head.startswith(b"\xfd7zXZ\x00"):
        return XZ
    return None


def open_decompressed(kind: str, raw: IO[bytes] | io.RawIOBase) -> io.BufferedIOBase:
    """A streaming, read-only decompressing view of ``raw``."""
    if kind == GZIP:
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if kind == BZIP2:
        return bz2.BZ2File(raw, mode="rb")
    return lzma.LZMAFile(cast(IO[bytes], raw), mode="rb")


def peek_decompressed(kind: str, head: bytes, n: int = 512) -> bytes:
    """Up to ``n`` decompressed bytes from a compressed head (empty when not enough input)."""
    try:
        if kind == GZIP:
            return zlib.decompressobj(wbits=31).decompress(head, n)
        if kind == BZIP2:
            return bz2.BZ2Decompressor().decompress(head, n)
        return lzma.LZMADecompressor().decompress(head, n)
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError):
        return b""


def looks_like_tar(block: bytes) -> bool:
    """A tar header: ``ustar`` magic at 257, or a valid header checksum (old V7 tars)."""
    if len(block) < 512 or not block[:100].strip(b"\x00"):
        return False
    if block[257:262] == b"ustar":
        return True
    field = block[148:156].replace(b"\x00", b" ").strip()
    if not field or not field.isdigit() or any(c > ord("7") for c in field):
        return False
    unsigned = sum(block[:148]) + 8 * 32 + sum(block[156:512])
    return int(field, 8) == unsigned
