"""Rendering lists for stdout: one ``--format`` for every command that lists."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, TextIO


class Format(StrEnum):
    """Output formats of listing commands."""

    TABLE = "table"
    JSON = "json"
    NDJSON = "ndjson"
    CSV = "csv"


def render(rows: Iterable[dict[str, Any]], fmt: Format, columns: Sequence[str] | None = None,
           title: str | None = None, out: TextIO | None = None) -> int:
    """Write rows to ``out`` (stdout) in ``fmt``; return the number of rows.

    ``ndjson`` and ``csv`` stream row by row; ``table`` and ``json`` collect.
    """
    out = out or sys.stdout
    if fmt is Format.NDJSON:
        n = 0
        for row in rows:
            out.write(json.dumps(_pick(row, columns), default=str) + "\n")
            n += 1
        return n
    if fmt is Format.CSV:
        return _csv(rows, columns, out)
    data = [_pick(r, columns) for r in rows]
    if fmt is Format.JSON:
        json.dump(data, out, indent=2, default=str)
        out.write("\n")
    else:
        _table(data, columns, title, out)
    return len(data)


def _pick(row: dict[str, Any], columns: Sequence[str] | None) -> dict[str, Any]:
    return {c: row.get(c) for c in columns} if columns else row


def _csv(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None, out: TextIO) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        row = _pick(row, columns)
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
        n += 1
    if writer is None and columns:
        csv.writer(out).writerow(columns)
    return n


def _table(data: list[dict[str, Any]], columns: Sequence[str] | None, title: str | None,
           out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    cols = list(columns) if columns else (list(data[0]) if data else [])
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for row in data:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in cols))
    Console(file=out, width=max(120, Console(file=out).width)).print(table)
