"""One worksheet's rows as title text plus TableBatches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import polars as pl

from phiscope.model import Location, ReadItem, TableBatch, TextUnit
from phiscope.readers._tabular import column_names, find_header_row
from phiscope.readers.excel.cells import cell_text

Cells = list[str | None]
_TOP_ROWS = 25


def rows_as_text(rows: Iterable[Cells]) -> str:
    """Rows as lines of tab-separated non-empty cells."""
    return "\n".join("\t".join(c for c in row if c) for row in rows)


def frame_of(rows: list[Cells], names: list[str]) -> pl.DataFrame:
    """An all-string frame of ``rows`` (padded/cut to the columns)."""
    width = len(names)
    padded = [r[:width] + [None] * (width - len(r)) if len(r) != width else r for r in rows]
    columns = list(zip(*padded, strict=True)) if padded else [()] * width
    return pl.DataFrame({n: list(col) for n, col in zip(names, columns, strict=True)},
                        schema=dict.fromkeys(names, pl.String))


class SheetTable:
    """Turns the raw rows of one sheet (or document table) into ReadItems."""

    def __init__(self, table_id: str, loc: Location, batch_rows: int) -> None:
        self.table_id = table_id
        self.loc = loc
        self.batch_rows = max(1, batch_rows)

    def items(self, raw_rows: Iterable[list[object]], width: int = 0) -> Iterator[ReadItem]:
        """Title rows above the header as text, then the data rows in batches.

        ``width`` is the table's column count if known (else that of the top rows).
        """
        rows = ([cell_text(v) for v in row] for row in raw_rows)
        top: list[Cells] = []
        for row in rows:
            top.append(row)
            if len(top) >= _TOP_ROWS:
                break
        width = max(width, *(len(r) for r in top)) if top else width
        header_at = find_header_row(top)
        if header_at:
            text = rows_as_text(top[:header_at])
            if text.strip():
                yield TextUnit(text, self.loc.with_(line=1))
        header = top[header_at] if header_at is not None else None
        names = column_names(header, width)
        body = top[header_at + 1 :] if header_at is not None else top
        yield from self._batches(body, rows, names, header_at is not None)

    def _batches(self, body: list[Cells], rest: Iterator[Cells], names: list[str],
                 header: bool) -> Iterator[ReadItem]:
        buf: list[Cells] = []
        blanks = 0
        first = 1
        for row in _chain(body, rest):
            if not any(row):
                blanks += 1
                continue
            buf.extend([[]] * blanks)
            blanks = 0
            buf.append(row)
            while len(buf) >= self.batch_rows:
                yield self._batch(buf[: self.batch_rows], names, first, header)
                first += self.batch_rows
                buf = buf[self.batch_rows :]
        if buf:
            yield self._batch(buf, names, first, header)

    def _batch(self, rows: list[Cells], names: list[str], first: int, header: bool) -> TableBatch:
        return TableBatch(self.table_id, list(names), frame_of(rows, names), self.loc, first, header)


def _chain(first: list[Cells], rest: Iterator[Cells]) -> Iterator[Cells]:
    yield from first
    yield from rest
