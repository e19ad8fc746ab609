"""CSV/TSV and other delimited text, streamed in all-string TableBatches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, TableBatch
from phiscope.readers._text_decode import (
    StreamDecoder,
    Utf8Stream,
    detect_encoding,
    looks_like_text,
    sniff_text,
)
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.csv.dialect import CsvLayout, detect_layout, looks_delimited
from phiscope.readers.csv.stream import CsvFrames
from phiscope.sources.blob import Blob

_SAMPLE_BYTES = 1 << 18


class _Rebatcher:
    """Regroups frames into batches of exactly ``size`` rows (the last one shorter)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._parts: list[pl.DataFrame] = []
        self._rows = 0

    def add(self, frame: pl.DataFrame) -> Iterator[pl.DataFrame]:
        """Batches completed by ``frame``."""
        self._parts.append(frame)
        self._rows += frame.height
        while self._rows >= self.size:
            joined = pl.concat(self._parts) if len(self._parts) > 1 else self._parts[0]
            yield joined.slice(0, self.size)
            rest = joined.slice(self.size)
            self._parts, self._rows = ([rest] if rest.height else []), rest.height

    @property
    def pending(self) -> int:
        """Rows waiting for the next batch."""
        return self._rows

    def flush(self) -> Iterator[pl.DataFrame]:
        """The last, incomplete batch."""
        if self._rows:
            yield pl.concat(self._parts) if len(self._parts) > 1 else self._parts[0]
        self._parts, self._rows = [], 0


class CsvReader(Reader):
    """Delimited text: delimiter and header sniffed, rows streamed through pyarrow."""

    id: ClassVar[str] = "csv"
    extensions: ClassVar[tuple[str, ...]] = (".csv", ".tsv", ".tab", ".psv", ".dsv")

    def sniff(self, head: bytes, name: str) -> float:
        """0.6 for a delimited-looking text with a CSV extension, 0.4 for the content alone,
        0.35 for the extension alone; 0 for binary."""
        if not looks_like_text(head):
            return 0.0
        by_name = name.lower().endswith(self.extensions)
        tabular = looks_delimited(sniff_text(head))
        if tabular:
            return 0.6 if by_name else 0.4
        return 0.35 if by_name else 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """TableBatches of at most ``ctx.batch_rows`` rows, all columns strings."""
        loc = Location(path=blob.display_path)
        with blob.open() as raw:
            sample = raw.read(_SAMPLE_BYTES)
            complete = len(sample) < _SAMPLE_BYTES
            encoding = detect_encoding(sample, final=complete)
            layout = detect_layout(StreamDecoder(encoding).decode(sample[encoding.bom_len :], complete),
                                   complete)
            if layout is None:
                return
            stream = Utf8Stream(raw, encoding)
            yield from _read_rows(stream, layout, loc, ctx.batch_rows)
            if stream.decoder.repairs:
                yield ReadIssue(ErrorKind.DECODE,
                                f"{stream.decoder.repairs} invalid UTF-8 sequence(s) decoded as cp1252", loc)


def _read_rows(stream: Utf8Stream, layout: CsvLayout, loc: Location, batch_rows: int) -> Iterator[ReadItem]:
    frames = CsvFrames(stream, layout)  # type: ignore[arg-type]
    rebatch = _Rebatcher(batch_rows)
    skip_header = layout.has_header
    next_row = 1
    try:
        for frame in frames:
            if skip_header:
                frame, skip_header = frame.slice(1), False
            for part in rebatch.add(frame):
                yield _batch(part, layout, loc, next_row)
                next_row += part.height
    except pa.ArrowException:
        if next_row == 1 and not rebatch.pending:
            raise DocumentError(ErrorKind.CORRUPT, "CSV could not be parsed") from None
        for part in rebatch.flush():
            yield _batch(part, layout, loc, next_row)
            next_row += part.height
        yield ReadIssue(ErrorKind.CORRUPT, f"CSV could not be parsed after data row {next_row - 1}", loc)
        return
    for part in rebatch.flush():
        yield _batch(part, layout, loc, next_row)
    if frames.rejected.count:
        yield ReadIssue(ErrorKind.CORRUPT, f"{frames.rejected.count} row(s) had a different number of "
                        f"fields than the {layout.width} columns (padded or folded into the last)", loc)


def _batch(frame: pl.DataFrame, layout: CsvLayout, loc: Location, first_row: int) -> TableBatch:
    return TableBatch(
        table_id="csv",
        header=list(layout.names),
        frame=frame.rename(dict(zip(frame.columns, layout.names, strict=True))),
        loc=loc,
        first_row=first_row,
        header_detected=layout.has_header,
    )
