"""Members of a zip read front to back from their local file headers.

Used when the central directory is missing or unreadable (a truncated
download, a damaged end) and for zips announcing more members than the limit,
so that memory stays bounded. Stored and deflated members can be recovered.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, ReadItem
from phiscope.readers._container import (
    CHUNK,
    Budget,
    LimitExceeded,
    check_ratio,
    copy_member,
    issue,
    new_spool,
    unsafe_name,
)
from phiscope.readers.base import ReadContext
from phiscope.sources.blob import Blob

_LOCAL = struct.Struct("<HHHHHIIIHH")  # after the 4-byte signature
_LOCAL_SIG = b"PK\x03\x04"
_END_SIGS = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06")
_NEXT_SIGS = (_LOCAL_SIG, *_END_SIGS)
_DESCRIPTOR_LENGTHS = (16, 12, 24, 20)  # with/without signature, 32/64-bit sizes
_STORED, _DEFLATED = 0, 8


class _Stop(Exception):
    """Salvage cannot go on; ``kind`` says why."""

    def __init__(self, kind: ErrorKind) -> None:
        super().__init__(kind.value)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class _Header:
    name: str
    flags: int
    method: int
    crc: int
    csize: int | None  # None: sizes follow the data (flag bit 3)
    data_start: int


class _MemberStream:
    """Decompressed bytes of one member, read straight from the archive stream."""

    def __init__(self, fp: IO[bytes], header: _Header) -> None:
        self._fp = fp
        self._left = header.csize
        self._inflate = zlib.decompressobj(-15) if header.method == _DEFLATED else None
        self._tail = b""
        self.raw = 0
        self.crc = 0
        self.done = self._inflate is None and header.csize == 0

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` decompressed bytes; EOFError when the archive ends inside the member."""
        size = CHUNK if size < 0 else size
        while not self.done:
            out = self._read_stored(size) if self._inflate is None else self._read_deflated(size)
            if out:
                self.crc = zlib.crc32(out, self.crc)
                return out
        return b""

    def _read_raw(self, size: int) -> bytes:
        want = size if self._left is None else min(size, self._left)
        if want == 0:
            raise zlib.error("compressed data ends before the deflate stream")
        data = self._fp.read(want)
        if not data:
            raise EOFError
        self.raw += len(data)
        if self._left is not None:
            self._left -= len(data)
        return data

    def _read_stored(self, size: int) -> bytes:
        data = self._read_raw(size)
        self.done = self._left == 0
        return data

    def _read_deflated(self, size: int) -> bytes:
        assert self._inflate is not None
        if not self._tail:
            self._tail = self._read_raw(CHUNK)
        out = self._inflate.decompress(self._tail, size)
        self._tail = self._inflate.unconsumed_tail
        if self._inflate.eof:
            unused = len(self._inflate.unused_data)
            self._fp.seek(-unused, io.SEEK_CUR)  # give back what follows the stream
            self.raw -= unused
            self.done = True
        return out


def _read_header(fp: IO[bytes]) -> _Header:
    fixed = fp.read(_LOCAL.size)
    if len(fixed) < _LOCAL.size:
        raise _Stop(ErrorKind.TRUNCATED)
    _, flags, method, _, _, crc, csize, usize, name_len, extra_len = _LOCAL.unpack(fixed)
    raw_name = fp.read(name_len)
    extra = fp.read(extra_len)
    if len(raw_name) < name_len or len(extra) < extra_len:
        raise _Stop(ErrorKind.TRUNCATED)
    if 0xFFFFFFFF in (csize, usize):
        csize = _zip64_csize(extra, csize)
    name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
    return _Header(name, flags, method, crc, None if flags & 0x08 else csize, fp.tell())


def _zip64_csize(extra: bytes, csize: int) -> int:
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        if tag == 0x0001 and size >= 16:
            value: int = struct.unpack_from("<Q", extra, pos + 12)[0]
            return value
        pos += 4 + size
    return csize


def salvage(blob: Blob, fp: IO[bytes], ctx: ReadContext, budget: Budget, *, complete: bool,
            has_end_record: bool = True) -> Iterator[ReadItem]:
    """Yield members from local headers; ``complete`` = the central directory is fine.

    Otherwise a zip yielding no member raises DocumentError, and one that did
    is followed by a TRUNCATED (no end record) or CORRUPT ReadIssue.
    """
    fp.seek(0)
    recovered = 0
    end: ErrorKind | None = None
    try:
        while end is None and (sig := fp.read(4)) == _LOCAL_SIG:
            budget.next_member()
            item, end = _one_member(blob, fp, ctx, budget, _read_header(fp))
            recovered += isinstance(item, ChildBlob)
            yield item
        if end is None and sig not in _END_SIGS:
            if recovered == 0 and not sig.startswith(b"PK"):
                raise DocumentError(ErrorKind.CORRUPT, "not a zip archive (no zip signature)")
            end = ErrorKind.TRUNCATED if len(sig) < 4 else ErrorKind.CORRUPT
    except LimitExceeded as exc:
        yield issue(exc.kind, exc.message, blob)
        return
    except _Stop as exc:
        end = exc.kind
    if complete and end is None:
        return
    kind = end or (ErrorKind.CORRUPT if has_end_record else ErrorKind.TRUNCATED)
    if recovered == 0:
        raise DocumentError(kind, "zip central directory missing or unreadable; no member recoverable")
    yield issue(kind, f"zip central directory missing or unreadable; {recovered} members recovered "
                "from local headers", blob)


def _one_member(blob: Blob, fp: IO[bytes], ctx: ReadContext, budget: Budget,
                header: _Header) -> tuple[ReadItem, ErrorKind | None]:
    """One member (or its issue), leaving ``fp`` at the next header; plus why to stop, if so.

    Raises _Stop when the member itself cannot be finished (archive ends inside it).
    """
    problem = _problem(header)
    if problem is not None:
        return issue(problem[0], problem[1], blob, header.name), _skip(fp, header)
    stream = _MemberStream(fp, header)
    spool = new_spool(ctx)

    def guard(n: int) -> None:
        check_ratio(n, stream.raw, ctx.limits, fatal=header.csize is None)

    try:
        copy_member(stream, spool, budget, guard)
    except EOFError:
        raise _Stop(ErrorKind.TRUNCATED) from None
    except zlib.error:
        return issue(ErrorKind.CORRUPT, "member data is damaged; skipped", blob, header.name), \
            _skip(fp, header)
    except LimitExceeded as exc:
        if exc.fatal:
            raise
        return issue(exc.kind, exc.message, blob, header.name), _skip(fp, header)
    if header.csize is not None and stream.crc != header.crc:
        spool.discard()
        return issue(ErrorKind.CORRUPT, "member CRC mismatch; skipped", blob, header.name), \
            _skip(fp, header)
    return spool.to_child(header.name), _after_data(fp, header)


def _problem(header: _Header) -> tuple[ErrorKind, str] | None:
    if header.flags & 0x1:
        return ErrorKind.ENCRYPTED, "member is encrypted; skipped"
    if unsafe_name(header.name):
        return ErrorKind.PATH_TRAVERSAL, "member name is absolute or climbs out of the archive; skipped"
    if header.method not in (_STORED, _DEFLATED):
        return ErrorKind.UNSUPPORTED, f"compression method {header.method} not recoverable; skipped"
    if header.method == _STORED and header.csize is None:
        return ErrorKind.CORRUPT, "stored member without sizes; the rest cannot be located"
    return None


def _skip(fp: IO[bytes], header: _Header) -> ErrorKind | None:
    """Move to the next header; CORRUPT when the member's end cannot be located."""
    if header.csize is None:
        return ErrorKind.CORRUPT
    fp.seek(header.data_start + header.csize)
    return None


def _after_data(fp: IO[bytes], header: _Header) -> ErrorKind | None:
    """Move past the member's data and data descriptor; why to stop when that fails."""
    if header.csize is not None:
        fp.seek(header.data_start + header.csize)
        return None
    start = fp.tell()
    peek = fp.read(28)
    for length in _DESCRIPTOR_LENGTHS:
        if peek[length : length + 4] in _NEXT_SIGS:
            fp.seek(start + length)
            return None
    return ErrorKind.TRUNCATED if len(peek) < 28 else ErrorKind.CORRUPT
