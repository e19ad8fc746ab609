"""Rows of the dump's tables -> TableBatches of at most ``batch_rows`` rows.

A table keeps one ``table_id`` (its name, ``public.patients``) for all its
batches, however many statements or COPY blocks its rows come in, so its
columns are classified once. Rows written with another column list (an INSERT
naming only some columns) are another table, ``public.patients#2``, in the same
sheet: rows are numbered per SQL table in file order, so ``sheet`` and ``row``
name one row of the dump; each batch also carries the line of the file each of
its rows starts on (``TableBatch.lines``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from phiscope.model import Location, TableBatch
from phiscope.readers._tabular import column_names
from phiscope.readers.sqldump.values import Row


@dataclass(frozen=True, slots=True)
class TableRef:
    """One table of the dump as batches name it."""

    table_id: str
    sheet: str
    names: tuple[str, ...]
    named: bool  # column names from the dump (False: column_1 ... column_n)


def fit_rows(rows: list[Row], width: int, joiner: str) -> int:
    """Pad short rows with None and join the extra values of long rows into the last column;
    returns how many rows did not have ``width`` values."""
    bad = 0
    for i, row in enumerate(rows):
        if len(row) != width:
            bad += 1
            if len(row) < width:
                row.extend([None] * (width - len(row)))
            else:
                extra = [v for v in row[width - 1 :] if v is not None]
                rows[i] = [*row[: width - 1], joiner.join(extra) if extra else None]
    return bad


class TableBatcher:
    """Collects the rows of the table being read and cuts them into batches."""

    def __init__(self, loc: Location, batch_rows: int) -> None:
        self.loc = loc
        self.batch_rows = max(1, batch_rows)
        self._refs: dict[tuple[str, tuple[str, ...] | int], TableRef] = {}
        self._per_name: dict[str, int] = {}
        self._next_row: dict[str, int] = {}
        self._current: TableRef | None = None
        self._pending: list[Row] = []
        self._pending_lines: list[int] = []

    def ref(self, sheet: str, columns: list[str] | None, width: int) -> TableRef:
        """The table named ``sheet`` with these columns (None: unnamed, ``width`` of them)."""
        key: tuple[str, tuple[str, ...] | int] = (sheet, tuple(columns) if columns else width)
        ref = self._refs.get(key)
        if ref is None:
            names = tuple(column_names(columns, len(columns)) if columns else column_names(None, width))
            n = self._per_name.get(sheet, 0) + 1
            self._per_name[sheet] = n
            ref = TableRef(sheet if n == 1 else f"{sheet}#{n}", sheet, names, bool(columns))
            self._refs[key] = ref
        return ref

    def add(self, ref: TableRef, rows: list[Row], lines: list[int]) -> list[TableBatch]:
        """Queue rows (already ``len(ref.names)`` wide) and the line each starts on; returns the
        batches completed."""
        out = self.flush() if ref is not self._current else []
        self._current = ref
        self._pending.extend(rows)
        self._pending_lines.extend(lines)
        size = self.batch_rows
        while len(self._pending) >= size:
            out.append(self._batch(ref, self._pending[:size], self._pending_lines[:size]))
            del self._pending[:size]
            del self._pending_lines[:size]
        return out

    def flush(self) -> list[TableBatch]:
        """The rows still queued, as one batch."""
        out = [self._batch(self._current, self._pending, self._pending_lines)] \
            if self._current and self._pending else []
        self._pending, self._pending_lines = [], []
        return out

    def _batch(self, ref: TableRef, rows: list[Row], lines: list[int]) -> TableBatch:
        first = self._next_row.get(ref.sheet, 1)
        self._next_row[ref.sheet] = first + len(rows)
        columns = list(zip(*rows, strict=True))
        frame = pl.DataFrame([pl.Series(name, col, dtype=pl.String) for name, col in zip(ref.names, columns,
                                                                                          strict=True)])
        return TableBatch(ref.table_id, list(ref.names), frame, self.loc.with_(sheet=ref.sheet), first,
                          ref.named, lines)
