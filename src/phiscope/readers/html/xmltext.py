"""Generic XML streamed with ``iterparse``: element text and attribute values as TextUnits
labelled with the element/attribute local name; finished elements are cleared so memory
stays bounded whatever the file size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, TextUnit


def local_name(tag: object) -> str:
    """``{ns}name`` → ``name``."""
    return str(tag).rsplit("}", 1)[-1]


def _unit(text: str | None, el: etree._Element, loc: Location, label: str | None = None) -> TextUnit | None:
    if not text or not text.strip():
        return None
    return TextUnit(text.strip(), loc.with_(line=el.sourceline), label or local_name(el.tag))


def _on_start(el: etree._Element, loc: Location) -> Iterator[TextUnit | None]:
    parent = el.getparent()
    if parent is not None:
        prev = el.getprevious()
        if prev is None:
            yield _unit(parent.text, parent, loc)  # complete once the first child starts
            parent.text = None
        else:
            yield _unit(prev.tail, parent, loc)  # mixed content between two children
            parent.remove(prev)
    for key, value in el.attrib.items():
        yield _unit(value, el, loc, local_name(key))


def _on_end(el: etree._Element, loc: Location) -> Iterator[TextUnit | None]:
    yield _unit(el.text, el, loc)
    if len(el):
        yield _unit(el[-1].tail, el, loc)
    el.clear(keep_tail=True)


def xml_items(stream: BinaryIO, loc: Location) -> Iterator[ReadItem]:
    """TextUnits in document order; malformed XML ends the stream with an issue."""
    events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                             huge_tree=True, remove_comments=True, remove_pis=True)
    produced = False
    try:
        for event, el in events:
            if not isinstance(el.tag, str):
                continue
            for unit in _on_start(el, loc) if event == "start" else _on_end(el, loc):
                if unit is not None:
                    produced = True
                    yield unit
    except etree.XMLSyntaxError as exc:
        if not produced:
            raise DocumentError(ErrorKind.CORRUPT, "XML is malformed") from None
        yield ReadIssue(ErrorKind.CORRUPT, f"XML is malformed at line {exc.lineno}; rest skipped", loc)
