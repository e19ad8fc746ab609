"""The C-CDA body: section narratives and entry facts of the patient (ICD-10-CM codes, dates
of problems, medications, results, encounters…), and base64 payloads (nonXMLBody,
observationMedia) as child documents."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.model import ChildBlob, Location, ReadIssue
from phiscope.readers.base import ReadContext
from phiscope.readers.ccda.values import ICD10_ROOTS, NS, CdaFields, q, text, ts_date
from phiscope.readers.fhir.attachments import attachment_item
from phiscope.readers.fhir.codes import content_extension

_TIME_TAGS = frozenset({q("effectiveTime"), q("low"), q("high"), q("center")})
_MAX_SECTIONS = 10_000


def _title(section: etree._Element) -> str:
    title = text(section.find("h:title", NS))
    if title:
        return title
    code = section.find("h:code", NS)
    return (code.get("displayName") or code.get("code") or "section") if code is not None else "section"


def _entry_facts(f: CdaFields, section: etree._Element, title: str) -> None:
    """ICD-10-CM codes and dates found in a section's entries (not in nested sections)."""
    for entry in section.findall("h:entry", NS):
        for el in entry.iter():
            if not isinstance(el.tag, str):
                continue
            if el.get("codeSystem") in ICD10_ROOTS and el.get("code"):
                f.add(el.get("code") or "", el, "section/entry//code", "icd10_diagnosis",
                      f"{title} ICD-10-CM")
            elif el.tag in _TIME_TAGS and el.get("value"):
                f.add(ts_date(el.get("value")), el, f"section/entry//{etree.QName(el).localname}", "date",
                      f"{title} date")


def section_fields(doc: etree._Element, loc: Location) -> list[CdaFields]:
    """Per section: its narrative ``text`` (untyped) and its entries' facts, in document order."""
    out: list[CdaFields] = []
    body = doc.find("h:component/h:structuredBody", NS)
    if body is None:
        return out
    for n, section in enumerate(body.iter(q("section"))):
        if n >= _MAX_SECTIONS:
            break
        title = _title(section)
        f = CdaFields(loc)
        narrative = section.find("h:text", NS)
        if narrative is not None:
            f.add(text(narrative), narrative, "section/text", None, f"{title} narrative")
        _entry_facts(f, section, title)
        out.append(f)
    return out


def unstructured_text(doc: etree._Element, loc: Location) -> CdaFields | None:
    """Plain text of a nonXMLBody (not base64)."""
    f = CdaFields(loc)
    for el in doc.findall("h:component/h:nonXMLBody/h:text", NS):
        if (el.get("representation") or "TXT").upper() != "B64":
            f.add(text(el), el, "nonXMLBody/text", None, "document text")
    return f if f.out else None


def embedded_documents(doc: etree._Element, loc: Location,
                       ctx: ReadContext) -> Iterator[ChildBlob | ReadIssue]:
    """Every base64 ED value (nonXMLBody text, observationMedia value…) decoded as a child."""
    n = 0
    for el in doc.iter():
        if not isinstance(el.tag, str) or (el.get("representation") or "").upper() != "B64":
            continue
        n += 1
        where = etree.QName(el.getparent()).localname if el.getparent() is not None else "document"
        name = f"{where}-{n}{content_extension(el.get('mediaType'))}"
        data = "".join(el.itertext())
        here = loc.with_(line=el.sourceline, column=f"{where}/{etree.QName(el).localname}")
        yield attachment_item(data, name, here, ctx)
