"""Helpers for the SQL dump reader tests (imported by name)."""

from __future__ import annotations

import polars as pl

from phiscope.model import ReadIssue, ReadItem, TableBatch, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.sqldump import SqlDumpReader
from phiscope.sources.blob import Blob

Rows = list[tuple[str | None, ...]]


def read(data: bytes | str, name: str = "dump.sql", batch_rows: int = 50_000) -> list[ReadItem]:
    """Every item the reader yields for in-memory bytes."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    blob = Blob(display_path=f"case/{name}", name=name, data=raw)
    return list(SqlDumpReader().read(blob, ReadContext(batch_rows=batch_rows)))


def tables(items: list[ReadItem]) -> dict[str, tuple[list[str], Rows]]:
    """table_id -> (header, every row of every batch, in order); checks that rows are numbered
    in file order per SQL table (sheet), each with the line it starts on (never going back)."""
    out: dict[str, tuple[list[str], Rows]] = {}
    per_sheet: dict[str | None, int] = {}
    last_line: dict[str | None, int] = {}
    for item in items:
        if isinstance(item, TableBatch):
            header, rows = out.setdefault(item.table_id, (item.header, []))
            assert item.header == header and item.frame.columns == header
            assert item.first_row == per_sheet.get(item.loc.sheet, 0) + 1, (item.table_id, item.first_row)
            per_sheet[item.loc.sheet] = item.first_row + item.frame.height - 1
            assert all(dtype == pl.String for dtype in item.frame.dtypes)
            assert item.lines is not None and len(item.lines) == item.frame.height
            assert item.lines[0] >= last_line.get(item.loc.sheet, 1) and item.lines == sorted(item.lines)
            last_line[item.loc.sheet] = item.lines[-1]
            rows.extend(item.frame.rows())
    return out


def issues(items: list[ReadItem]) -> list[ReadIssue]:
    """The ReadIssues."""
    return [i for i in items if isinstance(i, ReadIssue)]


def texts(items: list[ReadItem]) -> list[TextUnit]:
    """The TextUnits."""
    return [i for i in items if isinstance(i, TextUnit)]
