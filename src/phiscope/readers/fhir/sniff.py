"""Content sniffing of FHIR JSON (a top-level ``resourceType``) and FHIR XML (a root element in
the ``http://hl7.org/fhir`` namespace)."""

from __future__ import annotations

import re

from phiscope.readers._text_decode import sniff_text

HEAD_CHARS = 1 << 16
FHIR_NS = "http://hl7.org/fhir"
_RESOURCE_TYPE = re.compile(r'"resourceType"\s*:\s*"([A-Z][A-Za-z]{1,63})"')
_FHIR_SYSTEM = re.compile(r'"(?:system|url)"\s*:\s*"http://(?:terminology\.)?hl7\.org/(?:fhir|CodeSystem)/')
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Z][A-Za-z]{1,63})\b[^>]*?\bxmlns(?::[\w.-]+)?\s*=\s*"
                       r"[\"']http://hl7\.org/fhir[\"']")
_PROLOG = re.compile(r"^(?:<\?xml[^>]*\?>|<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>|\s+)*", re.S)


def head_text(head: bytes) -> str:
    """The start of a file as text, BOM and leading whitespace removed."""
    return sniff_text(head, HEAD_CHARS).lstrip("\ufeff \t\r\n")


def _depth_at(text: str, end: int) -> int:
    depth = 0
    for m in _TOKEN.finditer(text, 0, end):
        tok = m.group()
        if tok in ("{", "["):
            depth += 1
        elif tok in ("}", "]"):
            depth -= 1
    return depth


def top_level_resource_type(text: str) -> str | None:
    """The ``resourceType`` of the first JSON object of ``text`` when it is a member of that
    object itself (not of a nested one), else None."""
    if not text.startswith("{"):
        return None
    for m in _RESOURCE_TYPE.finditer(text):
        depth = _depth_at(text, m.start())
        if depth == 1:
            return m.group(1)
        if depth <= 0:
            return None
    return None


def json_sniff_score(text: str) -> float:
    """0.95 for a top-level ``resourceType``; 0.85 for an object (a Bundle or resource with its
    keys sorted) holding FHIR resources or codings; else 0."""
    if not text.startswith("{"):
        return 0.0
    if top_level_resource_type(text):
        return 0.95
    if _RESOURCE_TYPE.search(text) or _FHIR_SYSTEM.search(text):
        return 0.85
    return 0.0


def fhir_xml_root(text: str) -> str | None:
    """The local name of the root element when it is a FHIR resource (FHIR namespace)."""
    m = _PROLOG.match(text)
    rest = text[m.end():] if m else text
    root = _XML_ROOT.match(rest)
    return root.group(2) if root else None
