"""Extraction of a 7z archive into spools (never to paths named by members).

py7zr extracts a whole archive in one call, so members are collected first
(small ones in memory up to ``spool_over_bytes`` in all, the rest in
anonymous temp files) and yielded afterwards. Sizes and the expansion ratio
are checked on every write py7zr makes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

import py7zr
from py7zr.exceptions import PasswordRequired, UnsupportedCompressionMethodError
from py7zr.io import Py7zIO, WriterFactory

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadIssue, ReadItem
from phiscope.readers._container import (
    Budget,
    LimitExceeded,
    Spool,
    check_ratio,
    issue,
    unsafe_name,
)
from phiscope.readers.base import ReadContext
from phiscope.sources.blob import Blob

_SIGNATURE_HEADER = 32


class _Member(Py7zIO):
    """Where py7zr writes one member: a spool, with limits checked on every write."""

    def __init__(self, name: str, spool: Spool, budget: Budget, archive_size: int) -> None:
        self.name = name
        self.spool = spool
        self._budget = budget
        self._archive_size = archive_size
        self.done = False

    def write(self, s: bytes | bytearray) -> int:
        """Append a decompressed piece (raises LimitExceeded to stop the extraction)."""
        self._budget.charge(len(s), self.spool.size + len(s))
        check_ratio(self._budget.total, self._archive_size, self._budget.limits, fatal=True)
        self.spool.write(bytes(s))
        return len(s)

    def read(self, size: int | None = None) -> bytes:
        """Not read back through py7zr."""
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        """Spools only append."""
        return self.spool.size

    def flush(self) -> None:
        """Nothing buffered here."""

    def size(self) -> int:
        """Bytes written so far."""
        return self.spool.size

    def close(self) -> None:
        """py7zr calls this when the member was written completely (CRC checked)."""
        self.done = True


class _Factory(WriterFactory):
    """Creates a spool per member; keeps at most ``spool_over_bytes`` in memory in all."""

    def __init__(self, ctx: ReadContext, budget: Budget, archive_size: int) -> None:
        self._ctx = ctx
        self._budget = budget
        self._archive_size = archive_size
        self.members: list[_Member] = []

    def create(self, filename: str) -> Py7zIO:
        """A new member spool (straight to disk once the in-memory allowance is used)."""
        held = sum(m.spool.size for m in self.members if m.spool.in_memory)
        room = max(0, self._ctx.limits.spool_over_bytes - held)
        member = _Member(filename, Spool(room, self._ctx.tmp_dir), self._budget, self._archive_size)
        self.members.append(member)
        return member


def _failure_kind(blob: Blob) -> ErrorKind:
    """TRUNCATED when the file is shorter than its signature header says, else CORRUPT."""
    head = blob.head(_SIGNATURE_HEADER)
    if len(head) < _SIGNATURE_HEADER:
        return ErrorKind.TRUNCATED
    offset, size = struct.unpack_from("<QQ", head, 12)
    return ErrorKind.TRUNCATED if blob.size < _SIGNATURE_HEADER + offset + size else ErrorKind.CORRUPT


def _select(archive: py7zr.SevenZipFile, blob: Blob, ctx: ReadContext,
            budget: Budget) -> tuple[list[str], list[ReadIssue]]:
    """Names to extract, and issues for the members left out."""
    targets: list[str] = []
    issues: list[ReadIssue] = []
    for info in archive.list():
        budget.next_member()
        name = info.filename
        if info.is_directory:
            continue
        if info.is_symlink or not info.is_file:
            issues.append(issue(ErrorKind.LINK_MEMBER, "link or special-file member skipped", blob, name))
        elif unsafe_name(name):
            issues.append(issue(ErrorKind.PATH_TRAVERSAL, "member name is absolute or climbs out of the "
                                "archive; skipped", blob, name))
        elif (info.uncompressed or 0) > ctx.limits.max_member_bytes:
            issues.append(issue(ErrorKind.OVERSIZED, f"member larger than {ctx.limits.max_member_bytes} "
                                "bytes skipped", blob, name))
        else:
            targets.append(name)
    return targets, issues


def _open(blob: Blob, fp: BinaryIO) -> py7zr.SevenZipFile:
    try:
        archive = py7zr.SevenZipFile(fp, mode="r")
    except PasswordRequired:
        raise DocumentError(ErrorKind.ENCRYPTED, "7z archive is password-protected") from None
    except Exception:  # py7zr raises many types on hostile headers; none may escape as a crash
        raise DocumentError(_failure_kind(blob), "7z archive unreadable (damaged or cut short)") from None
    if archive.needs_password():
        archive.close()
        raise DocumentError(ErrorKind.ENCRYPTED, "7z archive is password-protected")
    return archive


def iter_7z(blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
    """Yield the members of a 7z archive (after extracting them all into spools)."""
    budget = Budget(ctx.limits)
    factory = _Factory(ctx, budget, max(1, blob.size))
    failure: ReadIssue | None = None
    with blob.open() as fp:
        archive = _open(blob, fp)
        with archive:
            try:
                targets, issues = _select(archive, blob, ctx, budget)
            except LimitExceeded as exc:
                raise DocumentError(exc.kind, exc.message) from None
            yield from issues
            try:
                if targets:
                    archive.extract(targets=targets, factory=factory)
            except LimitExceeded as exc:
                failure = issue(exc.kind, exc.message, blob)
            except UnsupportedCompressionMethodError:
                failure = issue(ErrorKind.UNSUPPORTED, "7z compression method not supported", blob)
            except Exception:  # as in _open: damaged streams raise many exception types
                failure = issue(_failure_kind(blob), "7z archive damaged or cut short; the rest was skipped",
                                blob)
    # After a clean extraction every member is whole; after a failure only those py7zr closed
    # (the close hook exists since py7zr 1.x; with older versions nothing partial is kept).
    done = factory.members if failure is None else [m for m in factory.members if m.done]
    for member in factory.members:
        if not member.done:
            member.spool.discard()
    if failure is not None and not done and failure.kind in (ErrorKind.TRUNCATED, ErrorKind.CORRUPT):
        raise DocumentError(ErrorKind(failure.kind), failure.message)
    handed = 0
    try:
        for member in done:
            child = member.spool.to_child(member.name)
            handed += 1
            yield child
    finally:  # reading stopped early: temp files not handed over are ours to remove
        for member in done[handed:]:
            member.spool.discard()
    if failure is not None:
        yield failure
