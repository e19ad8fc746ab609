"""Members of a tar archive, plain or inside gzip/bzip2/xz, read front to back."""

from __future__ import annotations

import io
import lzma
import tarfile
import zlib
from collections.abc import Iterator
from typing import IO

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, ReadIssue, ReadItem
from phiscope.readers._container import (
    Budget,
    CountingReader,
    Guard,
    LimitExceeded,
    check_ratio,
    compression_of,
    copy_member,
    drain,
    issue,
    new_spool,
    open_decompressed,
    unsafe_name,
)
from phiscope.readers.base import Limits, ReadContext
from phiscope.readers.compressed.single import iter_single
from phiscope.sources.blob import Blob

_STREAM_ERRORS = (tarfile.ReadError, EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)
_BLOCK = 512
#: tarfile reads pax/GNU long-name headers whole; a hostile one could claim gigabytes.
_MAX_READ = 16 << 20


class _Tracked(io.RawIOBase):
    """The (decompressed) tar stream; remembers the last read to classify how the archive ends."""

    def __init__(self, stream: IO[bytes] | io.BufferedIOBase) -> None:
        super().__init__()
        self._stream = stream
        self.last_pos = -1
        self.last = b""

    def readable(self) -> bool:
        """Always readable."""
        return True

    def seekable(self) -> bool:
        """Always seekable (forward seeks in a compressed stream decompress and discard)."""
        return True

    def read(self, size: int = -1, /) -> bytes:
        """Read from the stream, remembering where and what (one read is at most 16 MiB)."""
        if size < 0 or size > _MAX_READ:
            raise LimitExceeded(ErrorKind.OVERSIZED, "tar header block over 16 MiB; the rest was skipped",
                                fatal=True)
        self.last_pos = self._stream.tell()
        data = self._stream.read(size)
        self.last = data if len(data) <= _BLOCK else b""
        return data

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` (for io wrappers)."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Seek the stream."""
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        """Position in the (decompressed) stream."""
        return self._stream.tell()


def _stream_guard(tracked: _Tracked, raw: CountingReader, limits: Limits) -> Guard:
    """Checks the whole decompressed stream: total size and ratio to compressed bytes read."""

    def guard(_: int) -> None:
        pos = tracked.tell()
        if pos > limits.max_total_bytes:
            raise LimitExceeded(ErrorKind.ZIP_BOMB, f"expanded size over {limits.max_total_bytes} "
                                "bytes; the rest was skipped", fatal=True)
        check_ratio(pos, raw.count, limits, fatal=True)

    return guard


def iter_tar(blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
    """Yield every regular member of a (possibly compressed) tar as a ChildBlob.

    A compressed file that turns out not to hold a tar is read as one
    compressed file instead.
    """
    with blob.open() as fp:
        kind = compression_of(fp.read(16))
        fp.seek(0)
        raw = CountingReader(fp)
        tracked = _Tracked(open_decompressed(kind, raw) if kind else fp)
        guard = _stream_guard(tracked, raw, ctx.limits) if kind else None
        try:
            archive = tarfile.TarFile(fileobj=tracked, mode="r")
        except tarfile.ReadError:
            if kind is None:
                short = blob.size < _BLOCK
                raise DocumentError(ErrorKind.TRUNCATED if short else ErrorKind.CORRUPT,
                                    "not a readable tar archive (bad first header)") from None
            archive = None
        except _STREAM_ERRORS as exc:
            raise DocumentError(_error_kind(exc), "compressed tar stream unreadable") from None
        except LimitExceeded as exc:
            raise DocumentError(exc.kind, exc.message) from None
        if archive is None:
            yield from iter_single(blob, ctx)
            return
        with archive:
            yield from _members(blob, archive, tracked, ctx, guard)


def _error_kind(exc: BaseException) -> ErrorKind:
    if isinstance(exc, EOFError) or "unexpected end" in str(exc):
        return ErrorKind.TRUNCATED
    return ErrorKind.CORRUPT


def _members(blob: Blob, archive: tarfile.TarFile, tracked: _Tracked, ctx: ReadContext,
             guard: Guard | None) -> Iterator[ReadItem]:
    budget = Budget(ctx.limits)
    children = 0
    try:
        while (member := archive.next()) is not None:
            archive.members = []  # type: ignore[attr-defined]  # tarfile keeps every header otherwise
            budget.next_member()
            if guard is not None:
                guard(0)
            item = _member(blob, archive, member, ctx, budget, guard)
            if item is not None:
                children += isinstance(item, ChildBlob)
                yield item
    except LimitExceeded as exc:
        yield issue(exc.kind, exc.message, blob)
        return
    except _STREAM_ERRORS as exc:
        kind = _error_kind(exc)
        if children == 0:
            raise DocumentError(kind, "tar archive unreadable (stream damaged or cut short)") from None
        yield issue(kind, "tar archive damaged or cut short; the rest was skipped", blob)
        return
    end = _end_problem(archive, tracked)
    if end is not None:
        yield issue(end, "tar archive has no proper end (cut short or damaged); "
                    "the rest, if any, was skipped", blob)


def _member(blob: Blob, archive: tarfile.TarFile, member: tarfile.TarInfo, ctx: ReadContext,
            budget: Budget, guard: Guard | None) -> ChildBlob | ReadIssue | None:
    """One member as a ChildBlob, a ReadIssue for a skipped one, or None (directories)."""
    name = member.name.removeprefix("./")
    if member.isdir():
        return None
    if member.issym() or member.islnk() or member.isdev():
        return issue(ErrorKind.LINK_MEMBER, "link or device member skipped", blob, name)
    problem: tuple[ErrorKind, str] | None = None
    if not member.isreg():
        problem = ErrorKind.UNSUPPORTED, f"tar member type {member.type!r} not supported; skipped"
    elif unsafe_name(member.name):
        problem = ErrorKind.PATH_TRAVERSAL, "member name is absolute or climbs out of the archive; skipped"
    elif member.size > ctx.limits.max_member_bytes:
        problem = ErrorKind.OVERSIZED, f"member larger than {ctx.limits.max_member_bytes} bytes skipped"
    src = archive.extractfile(member)
    if src is None:  # pragma: no cover - regular members always have data
        return None
    if problem is not None:
        if guard is not None:  # skipping means decompressing: do it under the guard
            drain(src, guard)
        return issue(problem[0], problem[1], blob, name)
    spool = new_spool(ctx)
    copy_member(src, spool, budget, guard)
    return spool.to_child(name)


def _end_problem(archive: tarfile.TarFile, tracked: _Tracked) -> ErrorKind | None:
    """None when the archive ended on a zero block; else TRUNCATED or CORRUPT."""
    if tracked.last_pos != archive.offset:
        return None  # tarfile did not read a header where it stopped: nothing to judge
    if len(tracked.last) < _BLOCK:
        return ErrorKind.TRUNCATED
    return None if not tracked.last.strip(b"\x00") else ErrorKind.CORRUPT
