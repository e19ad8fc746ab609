"""Typed error records and the few exceptions phiscope raises.

Problems with *inputs* are never raised to the user: they become records with a
stable ``ErrorKind`` slug, stored in the case and listed by ``phiscope errors``.
Only usage and configuration problems raise ``UsageError`` / ``ConfigError``.
Messages never contain raw document content.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    """Stable slugs for per-input problems (never rename: stored in cases)."""

    UNREADABLE = "unreadable"  # I/O error, permission denied, vanished file
    TRUNCATED = "truncated"  # archive/PDF/zip ends early
    CORRUPT = "corrupt"  # malformed structure the reader could not parse
    ENCRYPTED = "encrypted"  # password-protected file or archive member
    OVERSIZED = "oversized"  # over a configured size limit
    ZIP_BOMB = "zip-bomb"  # compression ratio or total expanded size exceeded
    PATH_TRAVERSAL = "path-traversal"  # ../ or absolute archive member name
    LINK_MEMBER = "link-member"  # symlink/hardlink inside an archive
    NESTING_TOO_DEEP = "nesting-too-deep"
    DECODE = "decode-error"  # text that could not be decoded (partially skipped)
    UNSUPPORTED = "unsupported"  # recognised format we do not read (yet)
    READER_FAILED = "reader-failed"  # unexpected reader exception (bug) — run goes on


class PhiscopeError(Exception):
    """Base class for errors shown to the user as a one-line message."""

    exit_code = 2


class UsageError(PhiscopeError):
    """Bad command-line usage."""


class ConfigError(PhiscopeError):
    """Bad configuration, key or case directory."""


class WrongKeyError(ConfigError):
    """The case key does not open the case store."""


class DocumentError(Exception):
    """Raised by a reader when a whole document cannot be read.

    The engine turns it into an error record; ``message`` must not contain
    raw content from the document.
    """

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
