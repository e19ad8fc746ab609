"""FHIR XML: single resources and Bundles (streamed with lxml ``iterparse``: one entry in
memory at a time). Elements are converted to the JSON shape (``value`` attributes become
primitives, repeated elements lists, the XHTML narrative a string) and mapped like JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.fhir.mapper import ResourceMapper, Where
from phiscope.readers.fhir.sniff import FHIR_NS, fhir_xml_root, head_text
from phiscope.sources.blob import Blob

_XHTML_DIV = "{http://www.w3.org/1999/xhtml}div"
_ENTRY = f"{{{FHIR_NS}}}entry"
_MAX_DEPTH = 200


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _elements(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def resource_dict(el: etree._Element, depth: int = 0) -> dict[str, Any]:
    """A FHIR XML resource element as the JSON-shaped dict."""
    out = _complex(el, depth)
    out["resourceType"] = _local(el.tag)
    return out


def _complex(el: etree._Element, depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in el.attrib.items() if isinstance(k, str) and "}" not in k}
    for child in _elements(el):
        name = _local(child.tag)
        value = _value(child, depth + 1)
        if value is None:
            continue
        if name in out:
            prev = out[name]
            out[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            out[name] = value
    return out


def _value(el: etree._Element, depth: int) -> Any:
    if el.tag == _XHTML_DIV:
        return etree.tostring(el, encoding="unicode")
    if depth > _MAX_DEPTH:
        return None
    value = el.get("value")
    if value is not None:
        return value
    children = _elements(el)
    if len(children) == 1 and _local(children[0].tag)[:1].isupper() and _local(el.tag) in (
            "resource", "contained", "outcome", "return"):
        return resource_dict(children[0], depth + 1)
    return _complex(el, depth) if children or el.attrib else None


def _entry_dict(el: etree._Element) -> dict[str, Any]:
    return _complex(el, 1)


class FhirXmlReader(Reader):
    """FHIR resources and Bundles in XML (root element in the ``http://hl7.org/fhir`` namespace)."""

    id: ClassVar[str] = "fhir-xml"
    extensions: ClassVar[tuple[str, ...]] = (".xml",)
    priority: ClassVar[int] = 10

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for a root element in the FHIR namespace (beats the generic XML reader)."""
        return 0.95 if fhir_xml_root(head_text(head)) else 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Records, child documents, text units and issues, entry by entry."""
        with blob.open() as f:
            yield from _read(f, ResourceMapper(ctx), Location(path=blob.display_path))


def _read(stream: BinaryIO, mapper: ResourceMapper, loc: Location) -> Iterator[ReadItem]:
    events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                             huge_tree=True, remove_comments=True, remove_pis=True)
    root: etree._Element | None = None
    depth = 0
    entries = 0
    produced = False
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                root = el if root is None else root
                continue
            depth -= 1
            if depth == 1 and root is not None and _local(root.tag) == "Bundle" and el.tag == _ENTRY:
                where = Where(loc.with_(line=el.sourceline), None, f"entry[{entries}]")
                entries += 1
                produced = True
                yield from mapper.entry(_entry_dict(el), where)
                el.clear()
                while el.getprevious() is not None:
                    del root[0]
            elif depth == 0 and entries == 0:
                produced = True
                yield from mapper.resource(resource_dict(el), Where(loc.with_(line=el.sourceline), None, ""))
    except etree.XMLSyntaxError as exc:
        if not produced:
            raise DocumentError(ErrorKind.CORRUPT, "FHIR XML is malformed") from None
        yield ReadIssue(ErrorKind.CORRUPT, f"FHIR XML is malformed at line {exc.lineno}; rest skipped", loc)
