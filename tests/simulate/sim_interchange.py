"""Independent renderings of HL7 v2, FHIR NDJSON, X12 and CDA for substring checks (not phiscope's readers).

The truth holds values in the form a reader reports them (``JANE A DOE`` for
``DOE^JANE^A``, ``City, ST ZIP`` from address parts); these functions add
those forms to the raw text so that every truth value can be found in it.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]


def _comp(comps: list[str], i: int) -> str:
    return comps[i] if i < len(comps) else ""


def _forms(comps: list[str]) -> list[str]:
    """Name (XPN from 0, XCN from 1), street, city line and phone forms of one field repetition."""
    out = []
    for first in (0, 1):
        parts = (first + 1, first + 2, first, first + 3)
        out.append(" ".join(p for p in (_comp(comps, i) for i in parts) if p))
    out.append(" ".join(p for p in comps[:2] if p))
    tail = " ".join(p for p in (_comp(comps, 3), _comp(comps, 4)) if p)
    out.append(f"{_comp(comps, 2)}, {tail}")
    area, local = _comp(comps, 5), _comp(comps, 6)
    if len(local) == 7:
        out.append(f"({area}) {local[:3]}-{local[3:]}")
    return out


def hl7_text(text: str) -> str:
    """The raw message text plus the reported forms of every field repetition."""
    extra = []
    for segment in text.split("\r"):
        for fld in segment.split("|"):
            for rep in fld.split("~"):
                extra += _forms(rep.split("^"))
    return text + "\n" + "\n".join(extra)


def _walk(obj: Any, out: list[str]) -> None:
    if isinstance(obj, dict):
        if "family" in obj:
            out.append(" ".join([*obj.get("given", []), obj["family"]]))
        if "line" in obj:
            out.append(", ".join(obj["line"]))
            out.append(f"{obj.get('city', '')}, {obj.get('state', '')} {obj.get('postalCode', '')}")
        for v in obj.values():
            _walk(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _walk(v, out)


def ndjson_text(text: str) -> str:
    """The raw lines (each must be JSON) plus joined names, street lines and city lines."""
    extra: list[str] = []
    for line in text.splitlines():
        _walk(json.loads(line), extra)
    return text + "\n" + "\n".join(extra)


def x12_text(text: str) -> str:
    """The raw segments plus NM1 person names (``first middle last suffix``), N3 street lines and
    N4 ``City, ST ZIP`` lines (segments end with ``~``, elements with ``*``)."""
    extra: list[str] = []
    for segment in text.split("~"):
        els = segment.strip().split("*")
        if els[0] == "NM1" and len(els) > 5:
            extra.append(" ".join(p for p in (_comp(els, 4), _comp(els, 5), els[3], _comp(els, 7)) if p))
        elif els[0] == "N3":
            extra.append(" ".join(els[1:3]))
        elif els[0] == "N4":
            extra.append(f"{els[1]}, {' '.join(p for p in els[2:4] if p)}")
    return text + "\n" + "\n".join(extra)


def cda_text(data: bytes) -> str:
    """The XML's text and attribute values plus joined names and address lines of a CDA document."""
    root = etree.fromstring(data)
    extra: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        extra += [v.split(":", 1)[-1] for v in el.attrib.values()]
        local = etree.QName(el).localname
        if local == "name" and len(el):
            parts = [c.text or "" for c in el if etree.QName(c).localname in ("given", "family")]
            extra.append(" ".join(parts))
        elif local == "addr":
            extra += _cda_address(el)
        extra.append(el.text or "")
    return "\n".join(extra)


def _cda_address(addr: Any) -> list[str]:
    parts: dict[str, list[str]] = {}
    for c in addr:
        parts.setdefault(etree.QName(c).localname, []).append(c.text or "")
    tail = " ".join(p for k in ("state", "postalCode") for p in parts.get(k, []) if p)
    return [", ".join(parts.get("streetAddressLine", [])), f"{''.join(parts.get('city', []))}, {tail}"]
