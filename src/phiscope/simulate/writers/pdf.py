"""A small PDF layout engine on reportlab: lines of parts, page headers, page breaks."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from phiscope.simulate.documents import GeneratedFile, Part, plain
from phiscope.simulate.truth import Insert, Val

LINES_PER_PAGE = 44
_TOP, _LEFT, _LEADING = 738, 54, 15


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line."""

    parts: tuple[Part, ...]
    bold: bool = False


#: page number -> lines printed at the top of that page (e.g. patient name and MRN)
HeaderFn = Callable[[int], list[Line]]


class PdfDoc:
    """Collects lines, splits them into pages, renders with reportlab and records pages."""

    def __init__(self, header: HeaderFn | None = None) -> None:
        self._header = header
        self._body: list[Line | None] = []  # None = forced page break

    def line(self, *parts: Part, bold: bool = False) -> None:
        """Append a line."""
        self._body.append(Line(parts, bold))

    def blank(self) -> None:
        """Append an empty line."""
        self._body.append(Line(("",)))

    def page_break(self) -> None:
        """Start a new page."""
        self._body.append(None)

    def _pages(self) -> list[list[Line]]:
        pages: list[list[Line]] = []
        current: list[Line] = []
        for item in self._body:
            head = len(self._header(len(pages) + 1)) if self._header else 0
            if item is None or head + len(current) >= LINES_PER_PAGE - 2:
                pages.append(current)
                current = []
            if item is not None:
                current.append(item)
        pages.append(current)
        return [p for p in pages if p]

    def render(self, path: str) -> GeneratedFile:
        """Lay out, draw, and return the file with page-numbered inserts."""
        from reportlab.lib.pagesizes import letter
        from reportlab.pdfgen.canvas import Canvas

        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=letter, invariant=1)
        canvas.setTitle("Report")
        inserts: list[Insert] = []
        pages = self._pages()
        for n, body in enumerate(pages, 1):
            lines = (self._header(n) if self._header else []) + body
            y = _TOP
            for ln in lines:
                canvas.setFont("Helvetica-Bold" if ln.bold else "Helvetica", 10)
                canvas.drawString(_LEFT, y, plain(ln.parts))
                inserts.extend(Insert(p, {"page": n}) for p in ln.parts if isinstance(p, Val))
                y -= _LEADING
            canvas.setFont("Helvetica", 8)
            canvas.drawString(_LEFT, 40, f"Page {n} of {len(pages)}")
            canvas.showPage()
        canvas.save()
        return GeneratedFile(path, buf.getvalue(), inserts)
