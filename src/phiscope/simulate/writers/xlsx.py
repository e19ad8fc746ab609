"""Workbooks written row by row (xlsxwriter's constant-memory mode), values recorded as they go."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from phiscope.simulate.containers import FIXED_TIME
from phiscope.simulate.documents import Part
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val


@dataclass(slots=True)
class Sheet:
    """A worksheet's layout.

    ``title``: a merged title row; ``groups``: a merged row of column groups
    above the header (``("Patient", 4)`` spans four columns); ``kinds`` maps a
    header to number, date or money (stored as such, not as text).
    """

    name: str
    header: list[str]
    title: str | None = None
    groups: list[tuple[str, int]] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)


class SheetWriter:
    """Appends rows to one sheet; each value goes to the sink with sheet, data row, column and A1 cell."""

    def __init__(self, book: XlsxStream, ws: Any, sheet: Sheet) -> None:
        from xlsxwriter.utility import xl_rowcol_to_cell  # type: ignore[import-untyped]

        self._book, self._ws, self._sheet, self._cell_name = book, ws, sheet, xl_rowcol_to_cell
        self._top = 0
        fmts = book.formats
        width = len(sheet.header)
        for c, h in enumerate(sheet.header):  # widths first: constant-memory mode writes them up front
            ws.set_column(c, c, 28 if "Patient" in h or "Name" in h else max(12, len(h) + 4))
        if sheet.title:
            ws.merge_range(0, 0, 0, width - 1, sheet.title, fmts["title"])
            self._top += 1
        if sheet.groups:
            col = 0
            for label, span in sheet.groups:
                if span > 1:
                    ws.merge_range(self._top, col, self._top, col + span - 1, label, fmts["group"])
                else:
                    ws.write_string(self._top, col, label, fmts["group"])
                col += span
            self._top += 1
        for c, h in enumerate(sheet.header):
            ws.write_string(self._top, c, h, fmts["bold"])
        self.rows = 0

    def row(self, cells: Sequence[Part | None]) -> None:
        """Append one data row."""
        self.rows += 1
        r = self._top + self.rows
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            kind = self._write(r, c, cell, self._sheet.kinds.get(self._sheet.header[c], "text"))
            if isinstance(cell, Val):
                where: dict[str, Any] = {"sheet": self._sheet.name, "row": self.rows,
                                         "column": self._sheet.header[c], "cell": self._cell_name(r, c)}
                if kind != "text":
                    where["cell_type"] = kind
                self._book.sink.add(self._book.path, cell, where)

    def _write(self, r: int, c: int, cell: Part, kind: str) -> str:
        """Write one cell; returns how it was stored (text, number, date)."""
        text = cell.value if isinstance(cell, Val) else cell
        fmts = self._book.formats
        if kind == "number" and text.isdigit():
            self._ws.write_number(r, c, int(text))
            return "number"
        if kind == "money":
            self._ws.write_number(r, c, float(text), fmts["money"])
            return "number"
        if kind == "date":
            self._ws.write_datetime(r, c, datetime.fromisoformat(text), fmts["date"])
            return "date"
        self._ws.write_string(r, c, text)
        return "text"


class XlsxStream:
    """A workbook on disk; sheets are added in order and filled row by row."""

    def __init__(self, sink: PartSink, path: str, author: str) -> None:
        import xlsxwriter

        self.sink, self.path = sink, path
        self._wb = xlsxwriter.Workbook(str(sink.create(path)), {"constant_memory": True})
        self._wb.set_properties({"created": FIXED_TIME.replace(tzinfo=None), "author": author})
        self.formats = {"date": self._wb.add_format({"num_format": "mm/dd/yyyy"}),
                        "money": self._wb.add_format({"num_format": "$#,##0.00"}),
                        "bold": self._wb.add_format({"bold": True}),
                        "group": self._wb.add_format({"bold": True, "align": "center",
                                                      "bg_color": "#DDEBF7"}),
                        "title": self._wb.add_format({"bold": True, "font_size": 14})}

    def sheet(self, sheet: Sheet) -> SheetWriter:
        """Add a sheet (tabs appear in the order they are added)."""
        return SheetWriter(self, self._wb.add_worksheet(sheet.name), sheet)

    def close(self) -> None:
        """Finish the file."""
        self._wb.close()


def money(rng: random.Random) -> str:
    """A charge amount as text (stored as a number)."""
    return f"{rng.randint(45, 1800)}.{rng.choice(('00', '50', '25', '75'))}"
