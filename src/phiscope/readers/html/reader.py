"""HTML pages (visible text) and generic XML (element text and attributes, streamed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadItem
from phiscope.readers._text_decode import looks_like_text, sniff_text
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.html.htmltext import html_text
from phiscope.readers.html.xmltext import xml_items
from phiscope.readers.text.units import split_units
from phiscope.sources.blob import Blob

#: HTML is parsed in memory; larger pages are refused rather than exhausting memory.
MAX_HTML_BYTES = 512 << 20
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>", re.I)
_XML_START = re.compile(r"<(\?xml\s|[A-Za-z_][\w.:-]*[\s/>])")


def _start(head: bytes) -> str:
    """The first KB of text, BOM and leading whitespace removed."""
    return sniff_text(head).lstrip("\ufeff \t\r\n")[:1024]


class HtmlReader(Reader):
    """Visible page text with block elements on their own lines."""

    id: ClassVar[str] = "html"
    extensions: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml", ".shtml")

    def sniff(self, head: bytes, name: str) -> float:
        """0.9 for HTML markup near the start, 0.35 for the extension alone."""
        if not looks_like_text(head):
            return 0.0
        text = _start(head)
        if text.startswith("<") and _HTML_START.search(text):
            return 0.9
        return 0.35 if name.lower().endswith(self.extensions) else 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """TextUnits of the page text (lines/offsets of the extracted text)."""
        if blob.size > MAX_HTML_BYTES:
            raise DocumentError(ErrorKind.OVERSIZED, "HTML page larger than 512 MiB")
        with blob.open() as f:
            text = html_text(f.read())
        yield from split_units([text], Location(path=blob.display_path), ctx.text_unit_chars)


class XmlReader(Reader):
    """Any XML not claimed by a more specific reader (C-CDA, FHIR XML … score higher)."""

    id: ClassVar[str] = "xml"
    extensions: ClassVar[tuple[str, ...]] = (".xml", ".xsd", ".rss", ".atom", ".plist", ".svg")

    def sniff(self, head: bytes, name: str) -> float:
        """0.5 for an XML declaration, 0.4 for a leading element, plus 0.1 with an XML extension."""
        if not looks_like_text(head):
            return 0.0
        text = _start(head)
        bonus = 0.1 if name.lower().endswith(self.extensions) else 0.0
        if text.startswith("<?xml"):
            return 0.5 + bonus
        if _XML_START.match(text):
            return 0.4 + bonus
        return 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """TextUnits per element text / attribute value, labelled with the local name."""
        with blob.open() as f:
            yield from xml_items(f, Location(path=blob.display_path))
