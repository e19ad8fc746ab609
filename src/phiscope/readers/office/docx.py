"""DOCX: body paragraphs and tables, then headers, footers, notes and comments."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._tabular import find_header_row
from phiscope.readers._zip_members import ZIP_ERRORS, read_xml
from phiscope.readers.base import ReadContext
from phiscope.readers.excel.sheet import SheetTable, rows_as_text
from phiscope.readers.text.units import TextSink

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, R, TBL, TR, TC, BODY = W + "p", W + "r", W + "tbl", W + "tr", W + "tc", W + "body"
T, DEL_TEXT, TAB, BR, CR = W + "t", W + "delText", W + "tab", W + "br", W + "cr"
NB_HYPHEN = W + "noBreakHyphen"
_SECONDARY = (
    (re.compile(r"word/header\d*\.xml"), "header"),
    (re.compile(r"word/footer\d*\.xml"), "footer"),
    (re.compile(r"word/footnotes\.xml"), "footnote"),
    (re.compile(r"word/endnotes\.xml"), "endnote"),
    (re.compile(r"word/comments\.xml"), "comment"),
)
_RUN_MARKS = {TAB: "\t", BR: "\n", CR: "\n", NB_HYPHEN: "-"}


def paragraph_text(p: etree._Element) -> str:
    """Text of one paragraph, tracked deletions included (they are still in the file)."""
    out: list[str] = []
    for el in p.iter(T, DEL_TEXT, TAB, BR, CR, NB_HYPHEN):
        if el.tag in (T, DEL_TEXT):
            out.append(el.text or "")
        elif el.getparent() is not None and el.getparent().tag == R:  # not a tab-stop definition
            out.append(_RUN_MARKS[el.tag])
    return "".join(out)


def find_children(el: etree._Element, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Elements with one of ``tags`` below ``el``, looking through wrappers (``w:sdt``,
    ``w:customXml`` …) but not into the matches themselves."""
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in tags:
            yield child
        elif isinstance(child.tag, str):
            stack.append(iter(child))


def table_rows(tbl: etree._Element) -> list[list[object]]:
    """Cell texts row by row (a cell's paragraphs joined by newlines)."""
    return [
        ["\n".join(paragraph_text(p) for p in tc.iter(P)) for tc in find_children(tr, (TC,))]
        for tr in find_children(tbl, (TR,))
    ]


def _body_items(root: etree._Element, sink: TextSink, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    body = root.find(BODY)
    if body is None:
        raise DocumentError(ErrorKind.CORRUPT, "document has no body")
    tables = 0
    for el in find_children(body, (P, TBL)):
        if el.tag == P:
            yield from sink.write(paragraph_text(el) + "\n")
            continue
        tables += 1
        rows = table_rows(el)
        texts = [[c if isinstance(c, str) else None for c in r] for r in rows]
        if len(rows) >= 2 and find_header_row(texts) is not None:
            yield from sink.flush()
            yield from SheetTable(f"table{tables}", loc, ctx.batch_rows).items(rows)
        else:
            yield from sink.write(rows_as_text(texts) + "\n")
    yield from sink.flush()


def docx_items(zf: zipfile.ZipFile, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    """Items of a DOCX: body text and tables, then the secondary parts (labelled)."""
    sink = TextSink(loc, ctx.text_unit_chars)
    yield from _body_items(read_xml(zf, "word/document.xml", ctx), sink, loc, ctx)
    names = sorted(zf.namelist())
    for pattern, label in _SECONDARY:
        for name in (n for n in names if pattern.fullmatch(n)):
            try:
                part = read_xml(zf, name, ctx)
            except (etree.XMLSyntaxError, DocumentError, *ZIP_ERRORS):
                yield ReadIssue(ErrorKind.CORRUPT, f"{label} part could not be read", loc)
                continue
            for p in part.iter(P):
                yield from sink.write(paragraph_text(p) + "\n", label=label)
    yield from sink.flush()
