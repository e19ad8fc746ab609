"""Members of a zip read through its central directory (``zipfile``), with limits."""

from __future__ import annotations

import lzma
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from phiscope.errors import ErrorKind
from phiscope.model import ChildBlob, ReadIssue, ReadItem
from phiscope.readers._container import (
    Budget,
    LimitExceeded,
    check_ratio,
    copy_member,
    issue,
    new_spool,
    unsafe_name,
)
from phiscope.readers.base import ReadContext
from phiscope.readers.zip.salvage import salvage
from phiscope.sources.blob import Blob

_OPEN_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error, NotImplementedError)
_EOCD, _EOCD64_LOCATOR, _EOCD64 = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"
_SPECIAL_OK = (0, stat.S_IFREG, stat.S_IFDIR)


def declared_entries(fp: IO[bytes]) -> int | None:
    """Member count announced by the end-of-central-directory record (zip64 aware)."""
    size = fp.seek(0, 2)
    tail_len = min(size, 22 + 0xFFFF + 20)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    total: int = struct.unpack_from("<H", tail, at + 10)[0]
    loc = at - 20
    if loc >= 0 and tail[loc : loc + 4] == _EOCD64_LOCATOR:
        record_at: int = struct.unpack_from("<Q", tail, loc + 8)[0]
        if record_at < size:
            fp.seek(record_at)
            record = fp.read(56)
            if len(record) == 56 and record[:4] == _EOCD64:
                total = struct.unpack_from("<Q", record, 32)[0]
    return total


def member_problem(info: zipfile.ZipInfo) -> tuple[ErrorKind, str] | None:
    """Why a member must be skipped before reading it (traversal, link, encryption), if so."""
    if unsafe_name(info.filename):
        return ErrorKind.PATH_TRAVERSAL, "member name is absolute or climbs out of the archive; skipped"
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_IFMT(mode) not in _SPECIAL_OK:
        return ErrorKind.LINK_MEMBER, "symlink or special-file member skipped"
    if info.flag_bits & 0x1:
        return ErrorKind.ENCRYPTED, "member is encrypted; skipped"
    return None


def iter_zip(blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
    """Members of a zip in central-directory order, or salvaged from local headers.

    A zip without a readable central directory (truncated download, damaged
    end) is read from its local headers; one announcing more members than
    ``limits.max_members`` is read that way too, so that memory stays bounded.
    """
    budget = Budget(ctx.limits)
    with blob.open() as fp:
        declared = declared_entries(fp)
        if declared is not None and declared > ctx.limits.max_members:
            yield issue(ErrorKind.OVERSIZED, f"archive lists {declared} members, over the limit of "
                        f"{ctx.limits.max_members}; only the first ones are read", blob)
            yield from salvage(blob, fp, ctx, budget, complete=True)
            return
        fp.seek(0)
        try:
            archive = zipfile.ZipFile(fp)
        except _OPEN_ERRORS:
            yield from salvage(blob, fp, ctx, budget, complete=False, has_end_record=declared is not None)
            return
        with archive:
            yield from _members(blob, archive, ctx, budget, blob.size)


def _members(blob: Blob, archive: zipfile.ZipFile, ctx: ReadContext, budget: Budget,
             archive_size: int) -> Iterator[ReadItem]:
    for info in archive.infolist():
        try:
            budget.next_member()
        except LimitExceeded as exc:
            yield issue(exc.kind, exc.message, blob)
            return
        if info.is_dir():
            continue
        problem = member_problem(info)
        if problem is not None:
            yield issue(problem[0], problem[1], blob, info.filename)
            continue
        item, stop = _extract(blob, archive, info, ctx, budget, archive_size)
        yield item
        if stop:
            return


def _extract(blob: Blob, archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: ReadContext,
             budget: Budget, archive_size: int) -> tuple[ChildBlob | ReadIssue, bool]:
    """One member as a ChildBlob, or the ReadIssue that stopped it (and whether to stop all)."""
    spool = new_spool(ctx)
    # The central directory's compressed size bounds what zipfile reads for the member; the
    # archive size bounds a lying one. The ratio is checked on the bytes actually produced.
    compressed = max(1, min(info.compress_size, archive_size))

    def guard(n: int) -> None:
        check_ratio(n, compressed, ctx.limits, fatal=False)

    name = info.filename
    try:
        with archive.open(info) as src:
            copy_member(src, spool, budget, guard)
    except LimitExceeded as exc:
        return issue(exc.kind, exc.message, blob, name), exc.fatal
    except NotImplementedError:
        return issue(ErrorKind.UNSUPPORTED, f"compression method {info.compress_type} not supported; "
                     "member skipped", blob, name), False
    except EOFError:
        return issue(ErrorKind.TRUNCATED, "member data ends early; skipped", blob, name), False
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, ValueError, RuntimeError):
        return issue(ErrorKind.CORRUPT, "member data is damaged (bad header, stream or CRC); skipped",
                     blob, name), False
    return spool.to_child(name), False
