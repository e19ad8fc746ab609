"""JSON documents (streamed with ijson) and NDJSON / JSON Lines (line by line)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._text_decode import Encoding, StreamDecoder, Utf8Stream, detect_encoding, sniff_text
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.json.events import loads, object_events, stream_events
from phiscope.readers.json.walker import JsonWalker
from phiscope.sources.blob import Blob

_HEAD = 1 << 16
_NDJSON_EXT = (".ndjson", ".jsonl", ".jsonlines", ".ldjson")
_JSON_EXT = (".json", ".geojson", *_NDJSON_EXT)


def _head_text(head: bytes) -> str:
    return sniff_text(head, _HEAD).lstrip("\ufeff \t\r\n")


def _first_record_is_complete(text: str) -> bool:
    first, sep, rest = text.partition("\n")
    if not sep or not rest.lstrip().startswith(("{", "[")):
        return False
    try:
        loads(first)
    except (ValueError, RecursionError):
        return False
    return True


class JsonReader(Reader):
    """Leaves as TextUnits with JSONPaths; arrays of similar objects as TableBatches."""

    id: ClassVar[str] = "json"
    extensions: ClassVar[tuple[str, ...]] = _JSON_EXT

    def sniff(self, head: bytes, name: str) -> float:
        """0.8 for NDJSON records or JSON with a JSON extension, 0.6 for JSON-looking content."""
        text = _head_text(head[:_HEAD])
        if not text.startswith(("{", "[")):
            return 0.0
        second = text[1:].lstrip()[:1]
        if text[0] == "[" and second not in ('{', '[', '"', "]") and not name.lower().endswith(_JSON_EXT):
            return 0.0  # "[2024-01-01 10:00] log line" is text
        if text[0] == "{" and second not in ('"', "}"):
            return 0.0
        if name.lower().endswith(_JSON_EXT) or _first_record_is_complete(text):
            return 0.8
        return 0.6

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Stream the document; NDJSON is read as a virtual array ``$[0]``, ``$[1]`` …"""
        loc = Location(path=blob.display_path)
        with blob.open() as raw:
            head = raw.read(_HEAD)
            encoding = detect_encoding(head, final=len(head) < _HEAD)
            text = StreamDecoder(encoding).decode(head[encoding.bom_len :]).lstrip("\ufeff \t\r\n")
            walker = JsonWalker(loc, ctx.batch_rows)
            if blob.name.lower().endswith(_NDJSON_EXT) or _first_record_is_complete(text):
                yield from _read_lines(raw, encoding, walker, loc)
            else:
                yield from _read_document(raw, encoding, walker)


def _read_document(raw: BinaryIO, encoding: Encoding, walker: JsonWalker) -> Iterator[ReadItem]:
    produced = False
    try:
        for kind, value in stream_events(Utf8Stream(raw, encoding)):  # type: ignore[arg-type]
            walker.feed(kind, value)
            items = walker.drain()
            if items:
                produced = True
                yield from items
    except (ValueError, RecursionError):
        walker.finish()
        items = walker.drain()
        if not produced and not items:
            raise DocumentError(ErrorKind.CORRUPT, "malformed JSON document") from None
        yield from items
        yield ReadIssue(ErrorKind.CORRUPT, "malformed JSON: the document ends or breaks early",
                        walker.where())
        return
    walker.finish()
    yield from walker.drain()


def _read_lines(raw: BinaryIO, encoding: Encoding, walker: JsonWalker, loc: Location) -> Iterator[ReadItem]:
    lines = io.BufferedReader(Utf8Stream(raw, encoding), buffer_size=1 << 20)
    walker.feed("start_array", None)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        walker.line = number
        try:
            record = loads(line)
        except (ValueError, RecursionError):
            walker.skip_element()
            yield from walker.drain()
            yield ReadIssue(ErrorKind.CORRUPT, "malformed JSON record", loc.with_(line=number))
            continue
        for kind, value in object_events(record):
            walker.feed(kind, value)
        yield from walker.drain()
    walker.feed("end_array", None)
    yield from walker.drain()
