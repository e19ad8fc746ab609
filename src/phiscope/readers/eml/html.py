"""HTML mail bodies to plain text (lxml), keeping block and cell boundaries as whitespace."""

from __future__ import annotations

import re

import lxml.etree  # type: ignore[import-untyped, unused-ignore]
import lxml.html  # type: ignore[import-untyped, unused-ignore]

_DROP = ("script", "style", "noscript", "template")
_BLOCKS = (
    "p", "div", "br", "tr", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "header", "footer",
    "address", "title", "hr", "form", "fieldset", "caption",
)
_CELLS = ("td", "th")
_SPACES = re.compile(r"[ \r\f\v\xa0]+")
_TABS = re.compile(r" *\t[ \t]*")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document; never raises on bad markup."""
    if not markup.strip():
        return ""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return markup
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_CELLS):
        element.tail = "\t" + (element.tail or "")
    text = root.text_content()
    lines = (_TABS.sub("\t", _SPACES.sub(" ", line)).strip(" \t") for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
