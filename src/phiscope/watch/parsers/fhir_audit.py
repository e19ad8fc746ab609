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
            if type(obj) is not dict:
                yield ParseError(self.id, n, message="not a JSON object")
                continue
            for res in (obj,) if obj.get("resourceType") == "AuditEvent" else _resources(obj):
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
    recorded = res.get("recorded")
    if recorded is None:
        return None
    try:
        ts = parse_time(str(recorded))
    except ValueError:
        return None
    agent = _requestor(res.get("agent"))
    if agent is None:
        return None
    actor = _who(agent)
    if not actor:
        return None
    role = dig(agent, "role", 0, "coding", 0, "code") or dig(agent, "role", 0, "text") or \
        dig(agent, "type", "coding", 0, "code") or ""
    entity = res.get("entity")
    patients = tuple(p for e in entity if type(e) is dict and (p := _patient(e))) \
        if type(entity) is list else ()
    source = res.get("source")
    tool = (dig(source, "observer", "display") or dig(source, "identifier", "value") or "") \
        if type(source) is dict else ""
    subtype = dig(res, "subtype", 0, "code") if "subtype" in res else ""
    return AccessEvent(ts=ts, actor=actor, action=_ACTIONS.get(str(res.get("action", "")), OTHER),
                       role=str(role), host=str(dig(agent, "network", "address") or ""),
                       object=str(subtype or dig(res, "type", "code") or ""), patients=patients,
                       rows=len(patients), tool=str(tool))


def _requestor(agents: Any) -> dict[str, Any] | None:
    """The requesting agent (``requestor: true``), else the first one."""
    if type(agents) is not list:
        return None
    first = None
    for a in agents:
        if type(a) is dict:
            if a.get("requestor") is True:
                return a
            if first is None:
                first = a
    return first


def _who(agent: Mapping[str, Any]) -> str:
    who = agent.get("who")
    if type(who) is dict:
        v = dig(who, "identifier", "value")
        if isinstance(v, str) and v:
            return v
        v = who.get("reference")
        if isinstance(v, str) and v:
            return v
    for path in (("userId", "value"), ("who", "display"), ("altId",), ("name",)):
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
