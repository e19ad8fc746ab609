"""PPTX: slide text (``loc.page`` = slide number in presentation order) and speaker notes."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._zip_members import ZIP_ERRORS, read_xml
from phiscope.readers.base import ReadContext
from phiscope.readers.text.units import split_units

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
A_P, A_T, A_BR = _A + "p", _A + "t", _A + "br"
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")


def drawing_text(root: etree._Element) -> str:
    """Paragraphs of DrawingML text (shapes, tables, notes), one per line."""
    lines = []
    for p in root.iter(A_P):
        lines.append("".join((el.text or "") if el.tag == A_T else "\n" for el in p.iter(A_T, A_BR)))
    return "\n".join(lines)


def _rels(zf: zipfile.ZipFile, part: str, ctx: ReadContext) -> list[tuple[str, str, str]]:
    """(id, type, member name) of the relationships of ``part``."""
    folder, name = posixpath.split(part)
    rels_name = f"{folder}/_rels/{name}.rels"
    if rels_name not in zf.namelist():
        return []
    out = []
    for rel in read_xml(zf, rels_name, ctx).iter(_REL):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), member))
    return out


def slide_parts(zf: zipfile.ZipFile, ctx: ReadContext) -> list[str]:
    """Slide members in presentation order (file-name order if the order cannot be read)."""
    try:
        pres = read_xml(zf, "ppt/presentation.xml", ctx)
        targets = {rid: member for rid, _, member in _rels(zf, "ppt/presentation.xml", ctx)}
        ordered = [targets[s.get(_R_ID, "")] for s in pres.iter(_P + "sldId") if s.get(_R_ID) in targets]
        present = set(zf.namelist())
        if ordered and all(m in present for m in ordered):
            return ordered
    except (KeyError, etree.XMLSyntaxError, DocumentError, *ZIP_ERRORS):
        pass
    found = [(int(m.group(1)), n) for n in zf.namelist() if (m := _SLIDE.fullmatch(n))]
    return [n for _, n in sorted(found)]


def pptx_items(zf: zipfile.ZipFile, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    """One or more TextUnits per slide, then its notes (label ``notes``)."""
    slides = slide_parts(zf, ctx)
    if not slides:
        raise DocumentError(ErrorKind.CORRUPT, "presentation has no slides part")
    for number, part in enumerate(slides, start=1):
        page = loc.with_(page=number)
        try:
            text = drawing_text(read_xml(zf, part, ctx))
            notes = [m for _, kind, m in _rels(zf, part, ctx) if kind.endswith("/notesSlide")]
            notes_text = "\n".join(drawing_text(read_xml(zf, n, ctx)) for n in notes if n in zf.namelist())
        except (etree.XMLSyntaxError, KeyError, DocumentError, *ZIP_ERRORS):
            yield ReadIssue(ErrorKind.CORRUPT, "slide could not be read", page)
            continue
        if text.strip():
            yield from split_units([text], page, ctx.text_unit_chars)
        if notes_text.strip():
            yield from split_units([notes_text], page, ctx.text_unit_chars, label="notes")
