"""Billing and scheduling workbooks (XLSX via xlsxwriter)."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from phiscope.simulate.containers import FIXED_TIME
from phiscope.simulate.documents import GeneratedFile, Part
from phiscope.simulate.truth import Insert, Val


@dataclass(slots=True)
class Sheet:
    """One worksheet: optional merged title row, header, rows; ``kinds`` maps header -> number/date/money."""

    name: str
    header: list[str]
    rows: list[list[Part | None]]
    title: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)


def workbook(path: str, sheets: Sequence[Sheet]) -> GeneratedFile:
    """Write the sheets; values are recorded with sheet, data row, column and A1 cell."""
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell  # type: ignore[import-untyped]

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": FIXED_TIME.replace(tzinfo=None), "author": "Billing Office"})
    fmts = {"date": wb.add_format({"num_format": "mm/dd/yyyy"}),
            "money": wb.add_format({"num_format": "$#,##0.00"}),
            "bold": wb.add_format({"bold": True}), "title": wb.add_format({"bold": True, "font_size": 14})}
    inserts: list[Insert] = []
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        top = 0
        if sheet.title:
            ws.merge_range(0, 0, 0, len(sheet.header) - 1, sheet.title, fmts["title"])
            top = 1
        for c, h in enumerate(sheet.header):
            ws.write_string(top, c, h, fmts["bold"])
        for r, row in enumerate(sheet.rows, 1):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                kind = _write(ws, top + r, c, cell, sheet.kinds.get(sheet.header[c], "text"), fmts)
                if isinstance(cell, Val):
                    where: dict[str, Any] = {"sheet": sheet.name, "row": r, "column": sheet.header[c],
                                             "cell": xl_rowcol_to_cell(top + r, c)}
                    if kind != "text":
                        where["cell_type"] = kind
                    inserts.append(Insert(cell, where))
    wb.close()
    return GeneratedFile(path, buf.getvalue(), inserts)


def _write(ws: Any, r: int, c: int, cell: Part, kind: str, fmts: dict[str, Any]) -> str:
    """Write one cell; returns how it was stored (text, number, date)."""
    text = cell.value if isinstance(cell, Val) else cell
    if kind == "number" and text.isdigit():
        ws.write_number(r, c, int(text))
        return "number"
    if kind == "money":
        ws.write_number(r, c, float(text), fmts["money"])
        return "number"
    if kind == "date":
        ws.write_datetime(r, c, datetime.fromisoformat(text), fmts["date"])
        return "date"
    ws.write_string(r, c, text)
    return "text"


def money(rng: random.Random) -> str:
    """A charge amount as text (stored as a number)."""
    return f"{rng.randint(45, 1800)}.{rng.choice(('00', '50', '25', '75'))}"
