"""DOCX documents via python-docx: paragraphs of parts and simple tables."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from phiscope.simulate.containers import FIXED_TIME, normalize_zip
from phiscope.simulate.documents import GeneratedFile, Part, plain
from phiscope.simulate.truth import Insert, Val


@dataclass(frozen=True, slots=True)
class _Para:
    parts: tuple[Part, ...]
    bold: bool


@dataclass(frozen=True, slots=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Part, ...], ...]


class DocxDoc:
    """Collects paragraphs and tables; records paragraph or table/row/column of each value."""

    def __init__(self, author: str) -> None:
        self._author = author
        self._items: list[_Para | _Table] = []

    def para(self, *parts: Part, bold: bool = False) -> None:
        """Append a paragraph (one run per part)."""
        self._items.append(_Para(parts, bold))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Part]]) -> None:
        """Append a table with a header row."""
        self._items.append(_Table(tuple(header), tuple(tuple(r) for r in rows)))

    def render(self, path: str) -> GeneratedFile:
        """Write the document with fixed metadata and zip timestamps."""
        import docx

        document = docx.Document()
        props = document.core_properties
        props.author = props.last_modified_by = self._author
        props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
        props.revision = 1
        inserts: list[Insert] = []
        n_para = n_table = 0
        for item in self._items:
            if isinstance(item, _Para):
                n_para += 1
                paragraph = document.add_paragraph()
                for part in item.parts:
                    paragraph.add_run(plain((part,))).bold = item.bold
                inserts.extend(Insert(p, {"paragraph": n_para}) for p in item.parts if isinstance(p, Val))
            else:
                n_table += 1
                inserts.extend(_add_table(document, item, n_table))
        buf = io.BytesIO()
        document.save(buf)
        return GeneratedFile(path, normalize_zip(buf.getvalue()), inserts)


def _add_table(document: Any, item: _Table, number: int) -> list[Insert]:
    table = document.add_table(rows=1, cols=len(item.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, item.header, strict=True):
        cell.text = text
    inserts = []
    for r, row in enumerate(item.rows, 1):
        cells = table.add_row().cells
        for c, part in enumerate(row):
            cells[c].text = plain((part,))
            if isinstance(part, Val):
                inserts.append(Insert(part, {"table": number, "row": r, "column": item.header[c]}))
    return inserts
