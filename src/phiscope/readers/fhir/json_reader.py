"""FHIR JSON: single resources and Bundles of any size (streamed with ijson, one entry in
memory at a time) and NDJSON bulk exports (one resource per line)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

import ijson  # type: ignore[import-untyped, unused-ignore]
from ijson.common import ObjectBuilder  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._text_decode import StreamDecoder, Utf8Stream, detect_encoding
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.fhir.mapper import ResourceMapper, Where
from phiscope.readers.fhir.sniff import HEAD_CHARS, head_text, json_sniff_score
from phiscope.sources.blob import Blob

_NDJSON_EXT = (".ndjson", ".jsonl", ".jsonlines", ".ldjson")


def _is_ndjson(text: str, name: str) -> bool:
    """A complete first record on the first line followed by another record (or an NDJSON name)."""
    if name.lower().endswith(_NDJSON_EXT):
        return True
    first, sep, rest = text.partition("\n")
    if not sep or not rest.lstrip().startswith("{"):
        return False
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


class FhirJsonReader(Reader):
    """FHIR R4/R4B (also STU3/DSTU2) JSON resources, Bundles and bulk-export NDJSON."""

    id: ClassVar[str] = "fhir"
    extensions: ClassVar[tuple[str, ...]] = (".json", *_NDJSON_EXT)
    priority: ClassVar[int] = 10

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 when the first object has a top-level ``resourceType``, 0.85 for FHIR content further
        in (the JSON reader gives at most 0.8)."""
        return json_sniff_score(head_text(head))

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Records, child documents (attachments), text units and issues, in file order."""
        loc = Location(path=blob.display_path)
        mapper = ResourceMapper(ctx)
        with blob.open() as raw:
            head = raw.read(HEAD_CHARS)
            encoding = detect_encoding(head, final=len(head) < HEAD_CHARS)
            text = StreamDecoder(encoding).decode(head[encoding.bom_len:]).lstrip("\ufeff \t\r\n")
            stream = Utf8Stream(raw, encoding)
            if _is_ndjson(text, blob.name):
                yield from _read_lines(stream, mapper, loc)
            else:
                yield from _read_document(stream, mapper, loc)


def _read_lines(stream: Utf8Stream, mapper: ResourceMapper, loc: Location) -> Iterator[ReadItem]:
    lines = io.BufferedReader(stream, buffer_size=1 << 20)
    produced = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        here = loc.with_(line=number)
        try:
            resource = json.loads(line)
        except (ValueError, RecursionError):
            yield ReadIssue(ErrorKind.CORRUPT, "malformed JSON record; line skipped", here)
            continue
        produced = True
        yield from mapper.resource(resource, Where(here, "$", f"line{number}"))
    if not produced:
        raise DocumentError(ErrorKind.CORRUPT, "no readable FHIR resource in the file")


def _parse_error(exc: Exception) -> tuple[ErrorKind, str]:
    if "premature EOF" in str(exc) or ("Incomplete" in type(exc).__name__ and "EOF" in str(exc)):
        return ErrorKind.TRUNCATED, "FHIR JSON ends early (truncated); the rest is missing"
    return ErrorKind.CORRUPT, "malformed FHIR JSON; the rest of the file is skipped"


def _read_document(stream: BinaryIO | Utf8Stream, mapper: ResourceMapper,
                   loc: Location) -> Iterator[ReadItem]:
    reader = _DocumentStream(mapper, loc)
    try:
        events = ijson.parse(stream, multiple_values=True, use_float=True, buf_size=1 << 16)
        for prefix, event, value in events:
            yield from reader.feed(prefix, event, value)
    except (ijson.JSONError, ValueError, RecursionError, UnicodeDecodeError) as exc:
        kind, message = _parse_error(exc)
        if not reader.produced:
            raise DocumentError(kind, message) from None
        yield ReadIssue(kind, message, loc.with_(json_path=reader.where()))


class _DocumentStream:
    """Top-level values from ijson events: Bundle entries mapped one at a time as they end,
    other members built whole."""

    def __init__(self, mapper: ResourceMapper, loc: Location) -> None:
        self.mapper = mapper
        self.loc = loc
        self.produced = False
        self.top: dict[str, Any] = {}
        self.key = ""
        self.builder: ObjectBuilder | None = None
        self.depth = 0
        self.in_entries = False
        self.entry_index = -1
        self.values = 0

    def where(self) -> str:
        """JSONPath of what was being read."""
        return f"$.entry[{self.entry_index}]" if self.in_entries and self.entry_index >= 0 else "$"

    def feed(self, prefix: str, event: str, value: Any) -> Iterator[ReadItem]:
        """One ijson ``parse`` event."""
        if self.builder is not None:
            yield from self._build(event, value)
        elif prefix == "":
            yield from self._top(event, value)
        elif self.in_entries and (prefix == "entry" or prefix == "entry.item"):
            if event == "end_array" and prefix == "entry":
                self.in_entries = False
            else:
                self.entry_index += 1
                self._start(event, value)
                if self.builder is not None and self.depth == 0:
                    yield from self._done()
        elif prefix == self.key and event == "start_array" and self.key == "entry" \
                and self.top.get("resourceType", "Bundle") == "Bundle":
            self.in_entries = True
        else:
            self._start(event, value)
            if self.depth == 0:
                yield from self._done()

    def _top(self, event: str, value: Any) -> Iterator[ReadItem]:
        if event == "start_map":
            self.top, self.values = {}, self.values + 1
        elif event == "map_key":
            self.key = value
        elif event == "end_map":
            top, self.top = self.top, {}
            self.produced = True
            if top.get("resourceType") != "Bundle" or "entry" in top:
                yield from self.mapper.resource(top, Where(self.loc, "$", ""))
        else:
            yield ReadIssue(ErrorKind.CORRUPT, "top-level JSON value is not a FHIR resource",
                            self.loc.with_(json_path="$"))

    def _start(self, event: str, value: Any) -> None:
        self.builder = ObjectBuilder()
        self.depth = 0
        self._track(event)
        self.builder.event(event, value)

    def _track(self, event: str) -> None:
        if event in ("start_map", "start_array"):
            self.depth += 1
        elif event in ("end_map", "end_array"):
            self.depth -= 1

    def _build(self, event: str, value: Any) -> Iterator[ReadItem]:
        assert self.builder is not None
        self._track(event)
        self.builder.event(event, value)
        if self.depth == 0:
            yield from self._done()

    def _done(self) -> Iterator[ReadItem]:
        assert self.builder is not None
        built, self.builder = self.builder.value, None
        if self.in_entries:
            self.produced = True
            where = Where(self.loc, f"$.entry[{self.entry_index}]", f"entry[{self.entry_index}]")
            yield from self.mapper.entry(built, where)
        else:
            self.top[self.key] = built
