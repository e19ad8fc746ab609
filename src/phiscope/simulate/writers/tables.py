"""Tables as data: a header and rows of parts, turned into CSV text with inserts."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from phiscope.simulate.documents import GeneratedFile, Part
from phiscope.simulate.people import Patient, Population
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


def csv_file(path: str, header: Sequence[str], rows: Sequence[Sequence[Part | None]], delimiter: str = ",",
             encoding: str = "utf-8", newline: str = "\n") -> GeneratedFile:
    """Encode a table as delimited text; each value is recorded with row (1-based data row) and column."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    inserts: list[Insert] = []
    for r, row in enumerate(rows, 1):
        cells = []
        for h, cell in zip(header, row, strict=True):
            if isinstance(cell, Val):
                inserts.append(Insert(cell, {"row": r, "column": h}))
                cells.append(cell.value)
            else:
                cells.append(cell or "")
        writer.writerow(cells)
    return GeneratedFile(path, buf.getvalue().encode(encoding), inserts)
