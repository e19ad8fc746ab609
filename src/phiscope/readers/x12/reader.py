"""The X12 reader: sniffing and the file-level loop over interchanges."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._text_decode import StreamDecoder, detect_encoding, iter_decoded, sniff_text
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.x12.envelope import Envelope
from phiscope.readers.x12.tokens import Tokenizer, parse_isa
from phiscope.sources.blob import Blob

_DETECT_BYTES = 1 << 16
MAX_SEGMENT_CHARS = 16 << 20


def _sniff_isa(text: str) -> float:
    head = text.lstrip("\ufeff \t\r\n")
    if parse_isa(head) is not None:
        return 0.95
    i = text.find("ISA")
    while 0 <= i < len(text):
        if parse_isa(text[i:]) is not None:
            return 0.7
        i = text.find("ISA", i + 3)
    return 0.0


class X12Reader(Reader):
    """Person records (patients, subscribers, dependents, members, providers) of X12 transactions."""

    id: ClassVar[str] = "x12"
    extensions: ClassVar[tuple[str, ...]] = (".edi", ".x12", ".837", ".835", ".834", ".270", ".271")
    priority: ClassVar[int] = 5

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 when the text starts with a well-formed ISA header, 0.7 when one follows text; else 0."""
        return _sniff_isa(sniff_text(head, 8192))

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Interchanges streamed segment by segment; a malformed one is a ReadIssue."""
        envelope = Envelope(blob.display_path)
        with blob.open() as raw:
            head = raw.read(_DETECT_BYTES)
            encoding = detect_encoding(head, final=len(head) < _DETECT_BYTES)
            raw.seek(encoding.bom_len)
            decoder = StreamDecoder(encoding)
            for token in Tokenizer(iter_decoded(raw, encoding, decoder), MAX_SEGMENT_CHARS):
                envelope.token(token)
                if envelope.out:
                    yield from envelope.take()
            envelope.finish()
            yield from envelope.take()
        if decoder.repairs:
            message = f"{decoder.repairs} invalid UTF-8 sequence(s) decoded as cp1252"
            yield ReadIssue(ErrorKind.DECODE, message, Location(blob.display_path))
