"""C-CDA / CCD documents (HL7 CDA R2 ``ClinicalDocument``): the header's people as records,
the body's section narratives and entry facts as fields of the patient record, base64
attachments as child documents.

A CDA document is parsed whole (they are small); one above ``MAX_CCDA_BYTES`` or one that is
not well-formed is reported and read as generic XML text instead, streamed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, Record, TextUnit
from phiscope.readers._text_decode import looks_like_text, sniff_text
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.ccda.body import embedded_documents, section_fields, unstructured_text
from phiscope.readers.ccda.header import (
    clinician_records,
    facility_roots,
    is_clinical_document,
    participant_records,
    patient_records,
)
from phiscope.readers.html.xmltext import xml_items
from phiscope.sources.blob import Blob

#: documents larger than this are not parsed as C-CDA (read as generic XML text instead)
MAX_CCDA_BYTES = 64 << 20
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?ClinicalDocument\b[^>]*\bxmlns(?::[\w.-]+)?\s*=\s*"
                   r"[\"']urn:hl7-org:v3[\"']")
_EXT = (".ccda", ".cda", ".ccd")


class CcdaReader(Reader):
    """HL7 C-CDA R1.1/R2.1 and other CDA R2 documents."""

    id: ClassVar[str] = "ccda"
    extensions: ClassVar[tuple[str, ...]] = (*_EXT, ".xml")
    priority: ClassVar[int] = 10

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for a ``ClinicalDocument`` root in the ``urn:hl7-org:v3`` namespace; 0.7 for XML
        with a CDA extension whose root lies beyond the first bytes (long comments)."""
        if not looks_like_text(head):
            return 0.0
        text = sniff_text(head, len(head)).lstrip("\ufeff \t\r\n")
        if _ROOT.search(text):
            return 0.95
        if text.startswith("<") and name.lower().endswith(_EXT):
            return 0.7
        return 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Records of the people and the patient's facts, child documents, issues."""
        loc = Location(path=blob.display_path)
        if blob.size > MAX_CCDA_BYTES:
            yield ReadIssue(ErrorKind.OVERSIZED, f"CDA document larger than {MAX_CCDA_BYTES >> 20} MiB; "
                            "read as plain XML text", loc)
            yield from _generic(blob, loc)
            return
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                                 remove_comments=True, remove_pis=True)
        with blob.open() as f:
            try:
                root = etree.parse(f, parser).getroot()
            except etree.XMLSyntaxError as exc:
                yield ReadIssue(ErrorKind.CORRUPT, f"CDA XML is malformed at line {exc.lineno}; "
                                "read as plain XML text", loc)
                yield from _generic(blob, loc)
                return
        if root is None or not is_clinical_document(root):
            yield ReadIssue(ErrorKind.UNSUPPORTED, "not a CDA ClinicalDocument; read as plain XML text", loc)
            yield from _generic(blob, loc)
            return
        yield from _document(root, loc, ctx)


def _generic(blob: Blob, loc: Location) -> Iterator[ReadItem]:
    with blob.open() as f:
        yield from xml_items(f, loc)




def _document(root: etree._Element, loc: Location, ctx: ReadContext) -> Iterator[ReadItem]:
    roots = facility_roots(root)
    patients = patient_records(root, loc, roots)
    sections = section_fields(root, loc)
    plain = unstructured_text(root, loc)
    if plain is not None:
        sections.append(plain)
    facts = tuple(fld for f in sections for fld in f.out)
    first = next((r for r in patients if r.role == "patient"), None)
    for rec in patients:
        if rec is first:
            yield Record(rec.key, rec.role, rec.fields + facts)
        else:
            yield rec
    if first is None:
        for fld in facts:
            yield TextUnit(fld.value, fld.loc, fld.label)
    yield from clinician_records(root, loc, roots)
    yield from participant_records(root, loc, roots)
    yield from embedded_documents(root, loc, ctx)
