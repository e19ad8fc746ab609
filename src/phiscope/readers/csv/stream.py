"""Stream a delimited file through pyarrow's CSV reader as all-string polars frames.

pyarrow cannot pad rows that have too few or too many fields: it hands them
to ``invalid_row_handler`` with their logical row number and skips them. We
collect those rows, fix them in Python (pad with nulls; fold overflow fields
into the last column so that no content is lost) and put them back in place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.csv as pacsv  # type: ignore[import-untyped, unused-ignore]

from phiscope.readers.csv.dialect import CsvLayout

_POS = "__phiscope_pos"
BLOCK_BYTES = 4 << 20


@dataclass
class _Rejected:
    """Collects rows pyarrow rejected: (logical 1-based row number or None, raw row text)."""

    rows: list[tuple[int | None, str]] = field(default_factory=list)
    count: int = 0

    def __call__(self, row: Any) -> str:
        self.rows.append((row.number, row.text))
        self.count += 1
        return "skip"

    def take(self, first: int, valid: int) -> list[tuple[int, str]]:
        """Rejected rows that belong among ``valid`` accepted rows starting at row ``first``."""
        self.rows.sort(key=lambda r: r[0] if r[0] is not None else first)
        end = first + valid - 1
        taken: list[tuple[int, str]] = []
        keep: list[tuple[int | None, str]] = []
        for number, text in self.rows:
            if number is None:
                number = end + 1
            if number <= end + 1:
                taken.append((number, text))
                end += 1
            else:
                keep.append((number, text))
        self.rows = keep
        return taken


def fit_fields(text: str, layout: CsvLayout) -> list[str | None]:
    """Parse one raw row and pad or fold it to ``layout.width`` fields."""
    try:
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter))
        fields: list[str] = [f for row in parsed for f in row]
    except csv.Error:
        fields = text.split(layout.delimiter)
    if len(fields) > layout.width:
        fields = [*fields[: layout.width - 1], layout.delimiter.join(fields[layout.width - 1 :])]
    cells: list[str | None] = [f if f else None for f in fields]
    return cells + [None] * (layout.width - len(cells))


def _merge(frame: pl.DataFrame, fixes: list[tuple[int, str]], first: int, layout: CsvLayout) -> pl.DataFrame:
    """``frame`` (rows from ``first`` on) with the fixed rows inserted at their numbers."""
    total = frame.height + len(fixes)
    fixed_at = {n for n, _ in fixes}
    positions = [p for p in range(first, first + total) if p not in fixed_at]
    rows = [fit_fields(text, layout) for _, text in fixes]
    fixed = pl.DataFrame(
        {name: [r[i] for r in rows] for i, name in enumerate(frame.columns)},
        schema=dict.fromkeys(frame.columns, pl.String),
    ).with_columns(pl.Series(_POS, [n for n, _ in fixes], dtype=pl.Int64))
    ordered = pl.concat([frame.with_columns(pl.Series(_POS, positions, dtype=pl.Int64)), fixed])
    return ordered.sort(_POS).drop(_POS)


def _arrow_reader(stream: BinaryIO, layout: CsvLayout, rejected: _Rejected) -> pacsv.CSVStreamingReader:
    names = [f"c{i}" for i in range(layout.width)]
    return pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES, use_threads=False),
        parse_options=pacsv.ParseOptions(
            delimiter=layout.delimiter, quote_char='"', double_quote=True, newlines_in_values=True,
            ignore_empty_lines=True, invalid_row_handler=rejected,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True,
            quoted_strings_can_be_null=True, null_values=[""],
        ),
    )


class CsvFrames:
    """Iterate all-string frames of every logical row (the header row included).

    ``rejected.count`` tells afterwards how many rows had the wrong field count.
    Raises ``pyarrow.ArrowException`` when the file cannot be parsed further.
    """

    def __init__(self, stream: BinaryIO, layout: CsvLayout) -> None:
        self.layout = layout
        self.rejected = _Rejected()
        self._stream = stream

    def __iter__(self) -> Iterator[pl.DataFrame]:
        reader = _arrow_reader(self._stream, self.layout, self.rejected)
        next_row = 1
        for batch in reader:
            frame = pl.DataFrame(pl.from_arrow(batch))
            fixes = self.rejected.take(next_row, frame.height)
            if fixes:
                frame = _merge(frame, fixes, next_row, self.layout)
            next_row += frame.height
            if frame.height:
                yield frame
        rest = self.rejected.take(next_row, 0)
        if rest:
            empty = pl.DataFrame(schema=dict.fromkeys(reader.schema.names, pl.String))
            yield _merge(empty, rest, next_row, self.layout)
