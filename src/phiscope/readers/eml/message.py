"""One parsed message to items: PII headers, body text, attachments, structural problems."""

from __future__ import annotations

from collections.abc import Iterator
from email import errors
from email.message import Message

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.eml.decode import clean
from phiscope.readers.eml.parts import PartKind, part_items, walk_parts

#: Headers yielded as TextUnits (label = the header name).
PII_HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject")
_STRUCTURAL = (
    errors.NoBoundaryInMultipartDefect,
    errors.StartBoundaryNotFoundDefect,
    errors.CloseBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
    errors.MissingHeaderBodySeparatorDefect,
    errors.FirstHeaderLineIsContinuationDefect,
    errors.MisplacedEnvelopeHeaderDefect,
    errors.InvalidMultipartContentTransferEncodingDefect,
)
_ENCODING = (
    errors.InvalidBase64PaddingDefect,
    errors.InvalidBase64CharactersDefect,
    errors.InvalidBase64LengthDefect,
)


def header_units(msg: Message, base: Location, prefix: str = "") -> Iterator[TextUnit]:
    """From/To/Cc/Bcc/Reply-To/Sender/Subject values, RFC 2047-decoded where possible."""
    wanted = {h.lower(): h for h in PII_HEADERS}
    loc = base.with_(mime_part=f"{prefix}headers")
    for name, raw in msg.raw_items():
        label = wanted.get(name.lower())
        if label is None:
            continue
        try:
            text = str(msg.policy.header_fetch_parse(name, raw))
        except Exception:  # a header the parser chokes on is still worth scanning raw
            text = str(raw)
        text = clean(text).strip()
        if text:
            yield TextUnit(text=text, loc=loc.with_(column=label), label=label)


def _defect_issues(defects: list[errors.MessageDefect], has_headers: bool,
                   loc: Location) -> Iterator[ReadIssue]:
    structural = sorted({type(d).__name__ for d in defects if isinstance(d, _STRUCTURAL)})
    if not has_headers:
        structural.insert(0, "no header fields")
    if structural:
        yield ReadIssue(ErrorKind.CORRUPT.value, "malformed message: " + ", ".join(structural), loc)
    if any(isinstance(d, _ENCODING) for d in defects):
        yield ReadIssue(ErrorKind.DECODE.value, "invalid base64 in a part; decoded as far as possible", loc)


def message_items(msg: Message, path: str, ctx: ReadContext, prefix: str = "") -> Iterator[ReadItem]:
    """All items of one message; ``prefix`` (``msg17/``) goes before every MIME part path."""
    base = Location(path=path)
    yield from header_units(msg, base, prefix)
    defects: list[errors.MessageDefect] = []
    for num, part, kind in walk_parts(msg):
        if kind is PartKind.TOO_DEEP:
            yield ReadIssue(ErrorKind.NESTING_TOO_DEEP.value, "multipart nesting too deep; inner parts "
                            "skipped", base.with_(mime_part=prefix + num))
            continue
        if kind is PartKind.LEAF:
            yield from part_items(part, num, base, ctx, prefix)
        defects.extend(part.defects)  # after decoding: base64 problems are found then
    yield from _defect_issues(defects, bool(msg.keys()), base.with_(mime_part=prefix.rstrip("/") or None))
