"""Plain text in any common encoding, streamed in line-aligned units."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._text_decode import StreamDecoder, detect_encoding, iter_decoded, looks_like_text
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.text.units import split_units
from phiscope.sources.blob import Blob

_DETECT_BYTES = 1 << 16


class TextReader(Reader):
    """The fallback reader for anything that looks like text."""

    id: ClassVar[str] = "text"
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".log", ".text", ".md", ".out", ".err")
    priority: ClassVar[int] = -10

    def sniff(self, head: bytes, name: str) -> float:
        """0.2 for text-like bytes (every more specific reader beats it), 0 for binary."""
        return 0.2 if looks_like_text(head) else 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """TextUnits of about ``ctx.text_unit_chars`` characters, cut after newlines."""
        loc = Location(path=blob.display_path)
        with blob.open() as stream:
            head = stream.read(_DETECT_BYTES)
            encoding = detect_encoding(head, final=len(head) < _DETECT_BYTES)
            stream.seek(encoding.bom_len)
            decoder = StreamDecoder(encoding)
            chunk = min(1 << 20, max(1 << 12, ctx.text_unit_chars))
            yield from split_units(iter_decoded(stream, encoding, decoder, chunk), loc, ctx.text_unit_chars)
        if decoder.repairs:
            message = f"{decoder.repairs} invalid UTF-8 sequence(s) decoded as cp1252"
            yield ReadIssue(ErrorKind.DECODE, message, loc)
