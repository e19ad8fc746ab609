"""Base64 payloads (Attachment.data, Binary.data) decoded into child documents."""

from __future__ import annotations

import base64
import binascii
import os
import re
import tempfile

from phiscope.errors import ErrorKind
from phiscope.model import ChildBlob, Location, ReadIssue
from phiscope.readers.base import ReadContext
from phiscope.readers.fhir.codes import content_extension

_SPACE = re.compile(rb"\s+")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def decode_base64(data: str) -> bytes:
    """Strict base64 (whitespace and line breaks allowed; URL-safe alphabet accepted).

    Raises ``ValueError`` for anything else.
    """
    raw = _SPACE.sub(b"", data.encode("ascii", "strict"))
    if b"-" in raw or b"_" in raw:
        raw = raw.replace(b"-", b"+").replace(b"_", b"/")
    try:
        return base64.b64decode(raw, validate=True)
    except binascii.Error as exc:
        raise ValueError("invalid base64") from exc


def child_name(rtype: str, rid: str, content_type: str | None, n: int) -> str:
    """``DocumentReference-<id>.txt`` (``-2``, ``-3``… for further attachments of one resource)."""
    stem = _SAFE.sub("_", f"{rtype}-{rid}" if rid else rtype)[:120]
    suffix = f"-{n}" if n > 1 else ""
    return f"{stem}{suffix}{content_extension(content_type)}"


def attachment_item(data: str, name: str, loc: Location, ctx: ReadContext) -> ChildBlob | ReadIssue:
    """The decoded payload as a ChildBlob, or a ReadIssue when it is not valid base64 or too big."""
    if len(data) // 4 * 3 > ctx.limits.max_member_bytes:
        return ReadIssue(ErrorKind.OVERSIZED, "embedded attachment larger than the member size limit", loc)
    try:
        payload = decode_base64(data)
    except (ValueError, UnicodeEncodeError):
        return ReadIssue(ErrorKind.CORRUPT, "embedded attachment is not valid base64; not read", loc)
    if len(payload) <= ctx.limits.spool_over_bytes:
        return ChildBlob(name=name, data=payload)
    fd, path = tempfile.mkstemp(prefix="fhir-", dir=ctx.tmp_dir)
    with os.fdopen(fd, "wb") as out:
        out.write(payload)
    return ChildBlob(name=name, spool_path=path)
