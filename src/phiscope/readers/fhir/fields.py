"""Collecting RecordFields of one FHIR resource, and the person datatypes (HumanName,
Address, ContactPoint, Identifier) turned into typed fields."""

from __future__ import annotations

import re
from typing import Any

from phiscope.model import Location, RecordField
from phiscope.readers.fhir.codes import identifier_element

_INDEX = re.compile(r"\[\d+\]")
#: label words per identifier element: the detectors' own context words, so a value the element's
#: validator rejects is rescanned as text with the right context (not another element's)
ID_LABELS = {"ssn": "SSN", "mrn": "MRN", "drivers_license": "driver's license number",
             "passport": "passport number", "health_plan_member_id": "member ID",
             "medicaid_id": "Medicaid ID",
             "medicare_mbi": "Medicare MBI", "medicare_hicn": "Medicare HICN", "npi": "NPI"}
_TELECOM = {"phone": "phone", "sms": "phone", "pager": "phone", "fax": "phone", "email": "email",
            "url": "url"}


def as_list(value: Any) -> list[Any]:
    """A FHIR repeating element as a list (XML-converted resources give a single dict)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    """A primitive as text ('' for objects, lists and absent values)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ""
    return str(value)


class Fields:
    """RecordFields of one resource (or one person inside it) with their locations.

    ``json_path`` is the resource's JSONPath (None for FHIR XML, located by line);
    ``rtype`` the resource type, the start of every column name (``Patient.birthDate``).
    """

    __slots__ = ("json_path", "loc", "out", "rtype")

    def __init__(self, loc: Location, json_path: str | None, rtype: str) -> None:
        self.loc = loc
        self.json_path = json_path
        self.rtype = rtype
        self.out: list[RecordField] = []

    def add(self, value: Any, rel: str, element: str | None, label: str | None = None) -> None:
        """Add a field at relative path ``rel`` (``name[0]``, ``birthDate``) unless empty."""
        text = text_of(value)
        if not text:
            return
        column = f"{self.rtype}.{_INDEX.sub('', rel)}"
        jp = f"{self.json_path}.{rel}" if self.json_path is not None else None
        self.out.append(RecordField(text, self.loc.with_(column=column, json_path=jp), element,
                                    label or column))

    def take(self) -> tuple[RecordField, ...]:
        """The fields collected so far (and start a new list)."""
        out, self.out = self.out, []
        return tuple(out)


def human_name(name: Any) -> str:
    """``given… family`` of a HumanName (its ``text`` when it has no parts)."""
    if not isinstance(name, dict):
        return text_of(name)
    given = [text_of(g) for g in as_list(name.get("given"))]
    family = [text_of(f) for f in as_list(name.get("family"))]
    joined = " ".join(p for p in (*given, *family) if p)
    return joined or text_of(name.get("text"))


def add_names(f: Fields, names: Any, rel: str, label: str | None = None) -> None:
    """Every HumanName of ``names`` as a person_name field."""
    for i, name in enumerate(as_list(names)):
        use = text_of(name.get("use")) if isinstance(name, dict) else ""
        f.add(human_name(name), f"{rel}[{i}]", "person_name",
              label or f"{f.rtype}.{_INDEX.sub('', rel)}" + (f" ({use})" if use else ""))


def city_state_zip(addr: dict[str, Any]) -> str:
    """``City, ST 12345`` (parts that are present)."""
    city, state, postal = (text_of(addr.get(k)) for k in ("city", "state", "postalCode"))
    tail = " ".join(p for p in (state, postal) if p)
    return ", ".join(p for p in (city, tail) if p)


def add_addresses(f: Fields, addresses: Any, rel: str) -> None:
    """Street lines (street_address) and city/state/ZIP (city_state_zip) of each Address."""
    for i, addr in enumerate(as_list(addresses)):
        if not isinstance(addr, dict):
            continue
        here = f"{rel}[{i}]"
        lines = [text_of(x) for x in as_list(addr.get("line"))]
        street = ", ".join(x for x in lines if x)
        f.add(street, f"{here}.line", "street_address")
        col = _INDEX.sub("", rel)
        f.add(city_state_zip(addr), here, "city_state_zip", f"{f.rtype}.{col} city/state/zip")
        if not street and not addr.get("city"):
            f.add(addr.get("text"), f"{here}.text", None, f"{f.rtype}.{col}.text address")


def add_telecoms(f: Fields, telecoms: Any, rel: str) -> None:
    """ContactPoints: phone/fax/sms/pager as phone, email, url; others untyped."""
    for i, tel in enumerate(as_list(telecoms)):
        if not isinstance(tel, dict):
            continue
        system = text_of(tel.get("system"))
        f.add(tel.get("value"), f"{rel}[{i}].value", _TELECOM.get(system),
              f"{f.rtype}.{_INDEX.sub('', rel)} {system}".rstrip())


def type_codes(ident: dict[str, Any]) -> list[str]:
    """Identifier.type.coding codes."""
    kind = ident.get("type")
    if not isinstance(kind, dict):
        return []
    return [text_of(c.get("code")) for c in as_list(kind.get("coding")) if isinstance(c, dict)]


def add_identifier(f: Fields, ident: Any, rel: str, default: str | None = None) -> None:
    """One Identifier typed by its type code or system (``default`` when neither says)."""
    if not isinstance(ident, dict):
        return
    value = text_of(ident.get("value"))
    if not value:
        return
    codes = type_codes(ident)
    system = text_of(ident.get("system"))
    element = identifier_element(codes, system, value) or default
    if element is not None:
        label = f"{f.rtype} {ID_LABELS.get(element, element)}"
    else:
        kind = "/".join(c for c in codes if c) or system or "unknown type"
        label = f"{f.rtype}.{_INDEX.sub('', rel)} ({kind})"
    f.add(value, f"{rel}.value", element, label)


def add_identifiers(f: Fields, idents: Any, rel: str, default: str | None = None) -> None:
    """Every Identifier of a list."""
    for i, ident in enumerate(as_list(idents)):
        add_identifier(f, ident, f"{rel}[{i}]", default)
