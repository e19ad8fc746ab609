"""MIME parts of one message, numbered like IMAP (``1``, ``1.2`` …), turned into items."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from email.message import Message
from enum import Enum

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, TextUnit
from phiscope.readers._container import child_from_bytes
from phiscope.readers.base import ReadContext
from phiscope.readers.eml.decode import decode_bytes, split_text
from phiscope.readers.eml.html import html_to_text

MAX_PART_DEPTH = 64
_BODY_TYPES = ("text/plain", "text/html")


class PartKind(Enum):
    """What :func:`walk_parts` found."""

    CONTAINER = "container"
    LEAF = "leaf"
    TOO_DEEP = "too-deep"


def _is_container(part: Message) -> bool:
    return part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list)


def walk_parts(msg: Message) -> Iterator[tuple[str, Message, PartKind]]:
    """Every part with its number, depth first, without recursion (hostile nesting).

    message/* parts are leaves: an attached message is a ChildBlob read in turn.
    """
    stack: list[tuple[str, Message, int]] = [("", msg, 0)]
    while stack:
        num, part, depth = stack.pop()
        if not _is_container(part):
            yield num or "1", part, PartKind.LEAF
            continue
        yield num, part, PartKind.CONTAINER
        if depth >= MAX_PART_DEPTH:
            yield num, part, PartKind.TOO_DEEP
            continue
        children = list(enumerate(part.get_payload(), 1))
        stack.extend((f"{num}.{i}" if num else str(i), sub, depth + 1) for i, sub in reversed(children))


def _filename(part: Message) -> str | None:
    name = part.get_filename()
    if not name:
        return None
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(c for c in name if c.isprintable()) or None


def _is_body(part: Message, filename: str | None) -> bool:
    if part.get_content_maintype() == "multipart":  # a multipart whose boundary never came
        return True
    return part.get_content_type() in _BODY_TYPES and not filename \
        and part.get_content_disposition() != "attachment"


def _payload_bytes(part: Message) -> bytes:
    if part.get_content_maintype() == "message":
        inner = part.get_payload()
        if isinstance(inner, list):
            return b"".join(m.as_bytes() for m in inner if isinstance(m, Message))
    data = part.get_payload(decode=True)
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def _body_units(part: Message, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    text, lossy = decode_bytes(_payload_bytes(part), part.get_content_charset())
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    for offset, piece in split_text(text, ctx.text_unit_chars):
        yield TextUnit(text=piece, loc=loc.with_(offset=offset))
    if lossy:
        yield ReadIssue(ErrorKind.DECODE.value, "body not valid in any detected charset; bytes replaced", loc)


def part_items(part: Message, num: str, base: Location, ctx: ReadContext,
               prefix: str = "") -> Iterator[ReadItem]:
    """Body text as TextUnits, anything else as a ChildBlob; a part that cannot be decoded
    becomes a CORRUPT ReadIssue."""
    mime_part = prefix + num
    loc = base.with_(mime_part=mime_part)
    try:
        filename = _filename(part)
        if _is_body(part, filename):
            items = list(_body_units(part, loc, ctx))
        else:
            ext = mimetypes.guess_extension(part.get_content_type()) or ".bin"
            # inside a mailbox the message number keeps attachments of different messages apart
            name = prefix + (filename or f"part-{num}{ext}")
            items = [child_from_bytes(name, _payload_bytes(part), ctx, mime_part)]
    except Exception:  # the email package fails in many ways on hostile parts; none may crash a scan
        items = [ReadIssue(ErrorKind.CORRUPT.value, "MIME part could not be decoded; skipped", loc)]
    yield from items
