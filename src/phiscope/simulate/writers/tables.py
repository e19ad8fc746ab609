"""Tables as data: a header and rows of parts, turned into delimited text with inserts.

``csv_file`` builds a small table in memory (attachments, archive members);
``CsvStream`` appends rows to a file on disk chunk by chunk and records each
value in the job's sink as it goes (EHR exports of a million patients).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from phiscope.simulate.documents import GeneratedFile, Part
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Insert, Val

#: a cell maker: the patient, the population and the writer's random source -> cell
CellFn = Callable[[Patient, Population, random.Random], Part | None]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header text and how to fill a cell."""

    header: str
    cell: CellFn


def build_rows(columns: Sequence[Column], patients: Sequence[Patient], pop: Population,
               rng: random.Random) -> list[list[Part | None]]:
    """One row per patient."""
    return [[c.cell(p, pop, rng) for c in columns] for p in patients]


def _cells(header: Sequence[str], row: Sequence[Part | None], r: int,
           record: Callable[[Val, dict[str, Any]], None]) -> list[str]:
    cells = []
    for h, cell in zip(header, row, strict=True):
        if isinstance(cell, Val):
            record(cell, {"row": r, "column": h})
            cells.append(cell.value)
        else:
            cells.append(cell or "")
    return cells


def csv_file(path: str, header: Sequence[str], rows: Sequence[Sequence[Part | None]], delimiter: str = ",",
             encoding: str = "utf-8", newline: str = "\n") -> GeneratedFile:
    """Encode a table as delimited text; each value is recorded with row (1-based data row) and column."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    inserts: list[Insert] = []
    for r, row in enumerate(rows, 1):
        writer.writerow(_cells(header, row, r, lambda v, w: inserts.append(Insert(v, w))))
    return GeneratedFile(path, buf.getvalue().encode(encoding), inserts)


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a delimited export is written."""

    delimiter: str = ","
    encoding: str = "utf-8"
    newline: str = "\n"
    quote_all: bool = False


class CsvStream:
    """A delimited file written row by row; values go to the sink with row and column."""

    def __init__(self, sink: PartSink, path: str, columns: Sequence[Column], dialect: Dialect,
                 rng: random.Random) -> None:
        self._sink, self._path, self._columns, self.rng = sink, path, tuple(columns), rng
        self._header = [c.header for c in columns]
        self._fp = sink.create(path).open("w", encoding=dialect.encoding, newline="")
        self._writer = csv.writer(self._fp, delimiter=dialect.delimiter, lineterminator=dialect.newline,
                                  quoting=csv.QUOTE_ALL if dialect.quote_all else csv.QUOTE_MINIMAL)
        self._writer.writerow(self._header)
        self._row = 0

    def _record(self, val: Val, where: dict[str, Any]) -> None:
        self._sink.add(self._path, val, where)

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append one row per patient."""
        rows = []
        for p in patients:
            self._row += 1
            cells = [c.cell(p, pop, self.rng) for c in self._columns]
            rows.append(_cells(self._header, cells, self._row, self._record))
        self._writer.writerows(rows)

    def close(self) -> None:
        """Close the file."""
        self._fp.close()
