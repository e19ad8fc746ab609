"""One pass over a resource's tree collecting what is not at a fixed place: ICD-10 codings,
attachments, references to practitioners, free text (notes, comments, string values) and,
for resource types without a mapping, every text leaf."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phiscope.readers.fhir.codes import ICD10_SYSTEMS

#: string members that are free text about the resource's subject
FREE_TEXT_KEYS = frozenset({"valueString", "valueMarkdown", "comment", "description", "patientInstruction",
                            "conclusion", "summary", "reasonText"})
#: members that hold codes, URIs, ids and technical values, never PHI worth a text scan
STRUCTURAL_KEYS = frozenset({
    "system", "code", "url", "reference", "profile", "resourceType", "id", "status", "use", "version",
    "fullUrl", "contentType", "language", "data", "div", "unit", "mode", "versionId", "lastUpdated",
    "intent", "priority", "gender", "hash", "type", "method", "security", "tag", "source",
})
_MAX_NODES = 200_000

Leaf = tuple[str, str, str]  # value, relative path, member name


@dataclass(slots=True)
class Found:
    """What the walk collected (paths relative to the resource)."""

    icd10: list[tuple[str, str]] = field(default_factory=list)
    free: list[Leaf] = field(default_factory=list)
    attachments: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    references: list[tuple[dict[str, Any], str]] = field(default_factory=list)


def _child(rel: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{rel}[{key}]"
    return f"{rel}.{key}" if rel else key


def _visit_dict(node: dict[str, Any], rel: str, found: Found) -> None:
    system = node.get("system")
    if isinstance(system, str) and system in ICD10_SYSTEMS and isinstance(node.get("code"), str):
        found.icd10.append((node["code"], _child(rel, "code")))
    if "contentType" in node and isinstance(node.get("data"), str):
        found.attachments.append((node, rel))
    if isinstance(node.get("reference"), str):
        found.references.append((node, rel))


def _in_note(rel: str) -> bool:
    """``note[0].text`` / ``note.text`` (an Annotation's text; XML gives single notes unlisted)."""
    parent = rel.rsplit(".", 2)[-2] if rel.count(".") else ""
    return parent.split("[", 1)[0] == "note"


def walk(resource: dict[str, Any], all_leaves: bool) -> Found:
    """Walk the resource (not its narrative, not contained/nested resources' narratives).

    ``all_leaves``: collect every text leaf outside ``STRUCTURAL_KEYS`` (unmapped types);
    otherwise only the members in ``FREE_TEXT_KEYS`` and ``note[].text``.
    """
    found = Found()
    stack: list[tuple[Any, str, str]] = [(v, k, k) for k, v in reversed(resource.items())
                                         if k != "text" or not isinstance(v, dict)]
    _visit_dict(resource, "", found)
    nodes = 0
    while stack and nodes < _MAX_NODES:
        node, rel, key = stack.pop()
        nodes += 1
        if isinstance(node, dict):
            _visit_dict(node, rel, found)
            stack.extend((v, _child(rel, k), k) for k, v in reversed(node.items())
                         if not (k == "text" and isinstance(v, dict) and "div" in v))
        elif isinstance(node, list):
            stack.extend((v, _child(rel, i), key) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, str) and node.strip():
            if all_leaves:
                if key not in STRUCTURAL_KEYS and not key.startswith("_"):
                    found.free.append((node, rel, key))
            elif key in FREE_TEXT_KEYS or (key == "text" and _in_note(rel)):
                found.free.append((node, rel, key))
    return found
