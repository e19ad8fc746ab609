"""Visible text of an HTML page: block elements on their own lines, cells tab-separated,
scripts/styles/comments dropped, form field values kept."""

from __future__ import annotations

import codecs
import re

import lxml.html  # type: ignore[import-untyped, unused-ignore]
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.readers._text_decode import StreamDecoder, detect_encoding

_BLOCK_TAGS = (
    "address article aside blockquote body caption dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol option p pre section summary table tbody tfoot thead "
    "title tr ul"
)
_BLOCKS = frozenset(_BLOCK_TAGS.split())
_CELLS = frozenset({"td", "th"})
_DROPPED = ("script", "style", "noscript", "template", "object", "embed")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_NEWLINES = re.compile(r"\n{2,}")


def decode_html(data: bytes) -> str:
    """Decode with the BOM, else the ``<meta charset>``, else detection."""
    enc = detect_encoding(data[:65536], final=len(data) <= 65536)
    if not enc.bom_len:
        match = _META_CHARSET.search(data[:4096])
        if match:
            try:
                name = codecs.lookup(match.group(1).decode("ascii")).name
                return data.decode("cp1252" if name == "iso8859-1" else name, "replace")
            except LookupError:
                pass
    return StreamDecoder(enc).decode(data[enc.bom_len :], final=True)


def _parse(text: str) -> etree._Element | None:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    return root


def _walk(root: etree._Element) -> list[str]:
    out: list[str] = []
    pre = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            pre += tag == "pre"
            if tag in _BLOCKS or tag == "br":
                out.append("\n")
            if tag in ("input", "option") and el.get("value"):
                out.append(f" {el.get('value')} ")
            text = el.text or ""
        else:
            pre -= tag == "pre"
            if tag in _BLOCKS:
                out.append("\n")
            elif tag in _CELLS:
                out.append("\t")
            text = el.tail or "" if el is not root else ""
        out.append(text if pre else _SPACES.sub(" ", text))
    return out


def html_text(data: bytes) -> str:
    """The page's text: one line per block, cells tab-separated, blank lines dropped."""
    root = _parse(decode_html(data))
    if root is None:
        return ""
    lines = (line.lstrip(" ").rstrip(" \t") for line in "".join(_walk(root)).split("\n"))
    text = _NEWLINES.sub("\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""
