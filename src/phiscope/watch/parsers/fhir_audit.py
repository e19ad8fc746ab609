"""FHIR AuditEvent resources (R4, and STU3 field names): NDJSON, a Bundle, or one resource.

Actor: the requestor agent's ``who`` (identifier value, reference or display; STU3
``userId``). Patients: entities whose ``what`` (STU3 ``reference``) is a ``Patient/…``
reference, or whose role is Patient (code 1) with an identifier. Action ``C/R/U/D/E``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from phiscope.watch.events import DELETE, OTHER, READ, WRITE, AccessEvent, ParseError
from phiscope.watch.parsers._common import dig, json_objects, parse_time
from phiscope.watch.parsers.base import LogParser, ParseItem

_ACTIONS = {"C": WRITE, "R": READ, "U": WRITE, "D": DELETE, "E": OTHER}


class FhirAuditParser(LogParser):
    """FHIR AuditEvent (NDJSON bulk export, Bundle, single resource)."""

    id = "fhir-auditevent"
    description = "FHIR R4/STU3 AuditEvent as NDJSON, Bundle or resource"

    def sniff(self, head: list[str]) -> float:
        return 0.95 if '"AuditEvent"' in "\n".join(head) else 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        for n, obj in json_objects(lines):
            if not isinstance(obj, Mapping):
                yield ParseError(self.id, n, message="not a JSON object")
                continue
            for res in _resources(obj):
                try:
                    ev = _event(res)
                except (KeyError, TypeError, ValueError, AttributeError):
                    ev = None
                if ev is None:
                    yield ParseError(self.id, n, message="AuditEvent without recorded time or agent")
                    continue
                ev.source, ev.line = self.id, n
                yield ev


def _resources(obj: Mapping[str, Any]) -> Iterator[Any]:
    if obj.get("resourceType") == "Bundle":
        for entry in obj.get("entry") or []:
            res = dig(entry, "resource")
            if isinstance(res, Mapping) and res.get("resourceType") == "AuditEvent":
                yield res
    elif obj.get("resourceType") == "AuditEvent":
        yield obj


def _event(res: Mapping[str, Any]) -> AccessEvent | None:
    try:
        ts = parse_time(str(res["recorded"]))
    except (KeyError, ValueError):
        return None
    agents = [a for a in res.get("agent") or [] if isinstance(a, Mapping)]
    agent = next((a for a in agents if a.get("requestor") is True), agents[0] if agents else None)
    if agent is None:
        return None
    actor = _who(agent)
    if not actor:
        return None
    role = dig(agent, "role", 0, "coding", 0, "code") or dig(agent, "role", 0, "text") or \
        dig(agent, "type", "coding", 0, "code") or ""
    entities = [e for e in res.get("entity") or [] if isinstance(e, Mapping)]
    patients = tuple(p for p in (_patient(e) for e in entities) if p)
    tool = dig(res, "source", "observer", "display") or dig(res, "source", "identifier", "value") or ""
    subtype = dig(res, "subtype", 0, "code") or ""
    return AccessEvent(ts=ts, actor=actor, action=_ACTIONS.get(str(res.get("action", "")), OTHER),
                       role=str(role), host=str(dig(agent, "network", "address") or ""),
                       object=str(subtype or dig(res, "type", "code") or ""), patients=patients,
                       rows=len(patients), tool=str(tool))


def _who(agent: Mapping[str, Any]) -> str:
    for path in (("who", "identifier", "value"), ("who", "reference"), ("userId", "value"),
                 ("who", "display"), ("altId",), ("name",)):
        v = dig(agent, *path)
        if isinstance(v, str) and v:
            return v
    return ""


def _patient(entity: Mapping[str, Any]) -> str:
    ref = dig(entity, "what", "reference") or dig(entity, "reference", "reference")
    if isinstance(ref, str) and ref.startswith("Patient/"):
        return ref[len("Patient/"):].split("/", 1)[0]  # drop /_history/N
    if dig(entity, "role", "code") == "1" or dig(entity, "type", "code") == "1":
        ident = dig(entity, "what", "identifier", "value") or dig(entity, "identifier", "value")
        if isinstance(ident, str) and ident:
            return ident
    return ""
