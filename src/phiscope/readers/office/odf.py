"""OpenDocument text (ODT) and presentations (ODP): paragraph text from content.xml."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.model import Location, ReadItem
from phiscope.readers._zip_members import read_xml
from phiscope.readers.base import ReadContext
from phiscope.readers.text.units import TextSink, split_units

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
T_P, T_H, T_TAB, T_BREAK, T_S = _TEXT + "p", _TEXT + "h", _TEXT + "tab", _TEXT + "line-break", _TEXT + "s"
T_NOTE = _TEXT + "note"
_BLOCKS = (T_P, T_H)


def odf_paragraph(p: etree._Element) -> str:
    """Text of one paragraph; tabs, line breaks and runs of spaces expanded, notes inline."""
    out: list[str] = []
    for event, el in etree.iterwalk(p, events=("start", "end")):
        if event == "start":
            if el.tag == T_TAB:
                out.append("\t")
            elif el.tag == T_BREAK:
                out.append("\n")
            elif el.tag == T_NOTE:
                out.append(" ")
            elif el.tag == T_S:
                count = el.get(_TEXT + "c", "1")
                out.append(" " * (int(count) if count.isdigit() else 1))
            out.append(el.text or "")
        elif el is not p:
            out.append(el.tail or "")
    return "".join(out)


def top_paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and headings not nested in another one (notes stay inside theirs)."""
    for el in root.iter(*_BLOCKS):
        if not any(a.tag in _BLOCKS for a in el.iterancestors()):
            yield el


def odt_items(zf: zipfile.ZipFile, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    """The document's paragraphs, one per line."""
    sink = TextSink(loc, ctx.text_unit_chars)
    for p in top_paragraphs(read_xml(zf, "content.xml", ctx)):
        yield from sink.write(odf_paragraph(p) + "\n")
    yield from sink.flush()


def odp_items(zf: zipfile.ZipFile, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    """Text per slide (``loc.page``)."""
    root = read_xml(zf, "content.xml", ctx)
    for number, page in enumerate(root.iter(_DRAW + "page"), start=1):
        text = "\n".join(odf_paragraph(p) for p in top_paragraphs(page))
        if text.strip():
            yield from split_units([text], loc.with_(page=number), ctx.text_unit_chars)
