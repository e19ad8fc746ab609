"""The HL7 v2 reader: sniffing and the file-level loop over messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._text_decode import StreamDecoder, detect_encoding, iter_decoded, sniff_text
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.hl7v2.delims import Delimiters
from phiscope.readers.hl7v2.lines import SegmentSplitter
from phiscope.readers.hl7v2.stream import MessageStream
from phiscope.sources.blob import Blob

_DETECT_BYTES = 1 << 16
_HEADER_AT_LINE_START = re.compile(r"(?:^|[\r\n\x0b])((?:MSH|FHS|BHS)[^A-Za-z0-9\s][^\r\n]{0,8})")
MAX_SEGMENT_CHARS = 64 << 20


def _sniff_header(text: str) -> float:
    head = text.lstrip("\ufeff \t\r\n\x0b")
    if head[:3] in ("MSH", "FHS", "BHS") and Delimiters.from_header(head[:16]) is not None:
        return 0.95
    for m in _HEADER_AT_LINE_START.finditer(text):
        if Delimiters.from_header(m.group(1)) is not None:
            return 0.7
    return 0.0


class Hl7v2Reader(Reader):
    """Person records (patient, next of kin, guarantor, insured, providers) of HL7 v2 messages."""

    id: ClassVar[str] = "hl7v2"
    extensions: ClassVar[tuple[str, ...]] = (".hl7", ".hl7v2", ".er7")
    priority: ClassVar[int] = 5

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 when the text starts with an MSH/FHS/BHS header, 0.7 when a line does; else 0."""
        return _sniff_header(sniff_text(head, 8192))

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Messages streamed segment by segment; a malformed message is a ReadIssue."""
        loc = Location(path=blob.display_path)
        splitter = SegmentSplitter(MAX_SEGMENT_CHARS)
        messages = MessageStream(blob.display_path, ctx, splitter)
        with blob.open() as raw:
            head = raw.read(_DETECT_BYTES)
            encoding = detect_encoding(head, final=len(head) < _DETECT_BYTES)
            raw.seek(encoding.bom_len)
            decoder = StreamDecoder(encoding)
            for piece in iter_decoded(raw, encoding, decoder):
                for seg in splitter.feed(piece):
                    messages.segment(seg)
                    if messages.out:
                        yield from messages.take()
            for seg in splitter.feed("", final=True):
                messages.segment(seg)
            messages.finish()
            yield from messages.take()
        if splitter.oversized:
            yield ReadIssue(ErrorKind.OVERSIZED, f"{splitter.oversized} segment(s) longer than "
                            f"{MAX_SEGMENT_CHARS >> 20} M characters skipped", loc)
        if decoder.repairs:
            message = f"{decoder.repairs} invalid UTF-8 sequence(s) decoded as cp1252"
            yield ReadIssue(ErrorKind.DECODE, message, loc)
