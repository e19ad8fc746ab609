"""FHIR references to record keys: ``Patient/123``, absolute URLs, ``urn:uuid:`` full URLs of
Bundle entries, conditional references (``Practitioner?identifier=…|NPI``)."""

from __future__ import annotations

import re
from typing import Any

_LITERAL = re.compile(r"(?:^|/)(?P<type>[A-Z][A-Za-z]{1,63})/(?P<id>[A-Za-z0-9\-.]{1,64})"
                      r"(?:/_history/[^/]*)?$")
_CONDITIONAL = re.compile(r"^(?P<type>[A-Z][A-Za-z]{1,63})\?")
_NPI_PARAM = re.compile(r"us-npi\|(?P<npi>\d{10})\b")
#: full URLs remembered per document (memory stays bounded on huge Bundles)
MAX_FULL_URLS = 1_000_000


class Resolver:
    """Keys of resources by their full URLs, for ``urn:uuid:`` references."""

    def __init__(self) -> None:
        self._full: dict[str, str] = {}

    def register(self, full_url: str, key: str) -> None:
        """Remember that ``full_url`` is the resource keyed ``key``."""
        if full_url and full_url != key and len(self._full) < MAX_FULL_URLS:
            self._full[full_url] = key

    def resolve(self, reference: str) -> tuple[str | None, str]:
        """``(resource type or None when unknown, record key)`` of a reference string."""
        known = self._full.get(reference)
        if known is not None:
            return known.split("/", 1)[0], known
        m = _LITERAL.search(reference)
        if m is not None and not reference.startswith(("urn:", "#")):
            return m["type"], f"{m['type']}/{m['id']}"
        m = _CONDITIONAL.match(reference)
        if m is not None:
            return m["type"], reference
        return None, reference


def reference_string(ref: Any) -> str:
    """The ``reference`` of a Reference (``''`` when absent)."""
    if isinstance(ref, dict):
        value = ref.get("reference")
        return value.strip() if isinstance(value, str) else ""
    return ""


def npi_in_reference(reference: str) -> str | None:
    """The NPI of a conditional reference such as ``Practitioner?identifier=…/us-npi|1234567893``."""
    m = _NPI_PARAM.search(reference)
    return m["npi"] if m else None


def own_key(resource: dict[str, Any], rtype: str, fallback: str) -> str:
    """The record key of a resource: ``Type/id``, else ``fallback`` (its place in the file)."""
    rid = resource.get("id")
    if isinstance(rid, str) and rid.strip():
        return f"{rtype}/{rid.strip()}"
    return f"{fallback}/{rtype}"
