"""CDA R2 datatypes (PN, AD, TEL, II, TS) turned into typed RecordFields."""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.model import Location, RecordField

V3 = "urn:hl7-org:v3"
NS = {"h": V3}
SSN_ROOT = "2.16.840.1.113883.4.1"
NPI_ROOT = "2.16.840.1.113883.4.6"
ICD10_ROOTS = frozenset({"2.16.840.1.113883.6.90", "2.16.840.1.113883.6.3"})
_MRN_WORDS = re.compile(r"medical record|\bmrn\b|\bmr\s?#|patient id", re.I)
_TS_DATE = re.compile(r"^\d{8}")
_SPACE = re.compile(r"\s+")
_TELECOM = (("tel:", "phone"), ("fax:", "phone"), ("mailto:", "email"), ("http:", "url"), ("https:", "url"))


def q(name: str) -> str:
    """Clark name of an element in the CDA namespace."""
    return f"{{{V3}}}{name}"


def text(el: etree._Element | None) -> str:
    """Whitespace-normalised text content of an element ('' when absent)."""
    if el is None:
        return ""
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


class CdaFields:
    """RecordFields of one person (or of the patient's clinical sections) with line locations."""

    __slots__ = ("loc", "out")

    def __init__(self, loc: Location) -> None:
        self.loc = loc
        self.out: list[RecordField] = []

    def add(self, value: str, el: etree._Element, column: str, element: str | None,
            label: str | None = None) -> None:
        """Add a field unless ``value`` is blank."""
        value = value.strip()
        if value:
            self.out.append(RecordField(value, self.loc.with_(line=el.sourceline, column=column), element,
                                        label or column))


def person_name(name: etree._Element) -> str:
    """``given… family`` of a PN (mixed-content text when it has no parts)."""
    given = [text(g) for g in name.findall("h:given", NS)]
    family = [text(f) for f in name.findall("h:family", NS)]
    joined = " ".join(p for p in (*given, *family) if p)
    return joined or text(name)


def add_names(f: CdaFields, parent: etree._Element, column: str, label: str | None = None) -> None:
    """Every ``name`` child of ``parent`` as person_name."""
    for name in parent.findall("h:name", NS):
        f.add(person_name(name), name, f"{column}/name", "person_name", label)


def add_addresses(f: CdaFields, parent: etree._Element, column: str) -> None:
    """Street lines (street_address) and city/state/ZIP (city_state_zip) of each ``addr``."""
    for addr in parent.findall("h:addr", NS):
        lines = [text(x) for x in addr.findall("h:streetAddressLine", NS)]
        street = ", ".join(x for x in lines if x)
        f.add(street, addr, f"{column}/addr/streetAddressLine", "street_address")
        city, state, postal = (text(addr.find(f"h:{k}", NS)) for k in ("city", "state", "postalCode"))
        tail = " ".join(p for p in (state, postal) if p)
        f.add(", ".join(p for p in (city, tail) if p), addr, f"{column}/addr", "city_state_zip",
              f"{column}/addr city/state/zip")
        if not street and not city:
            f.add(text(addr), addr, f"{column}/addr", None, f"{column}/addr address")


def add_telecoms(f: CdaFields, parent: etree._Element, column: str) -> None:
    """``telecom/@value`` URLs: tel:/fax: → phone, mailto: → email, http(s) → url."""
    for tel in parent.findall("h:telecom", NS):
        value = (tel.get("value") or "").strip()
        element = None
        for prefix, kind in _TELECOM:
            if value.lower().startswith(prefix):
                element = kind
                if kind != "url":
                    value = value[len(prefix):].lstrip("/ ")
                break
        f.add(value, tel, f"{column}/telecom", element, f"{column}/telecom {tel.get('use') or ''}".rstrip())


def id_element(ident: etree._Element, facility_roots: frozenset[str]) -> str | None:
    """Element of an ``id`` (II): SSN / NPI by root; MRN by assigning authority or facility root."""
    root = (ident.get("root") or "").strip()
    if root == SSN_ROOT:
        return "ssn"
    if root == NPI_ROOT:
        return "npi"
    authority = ident.get("assigningAuthorityName") or ""
    if _MRN_WORDS.search(authority) or (root and root in facility_roots):
        return "mrn"
    return None


def add_ids(f: CdaFields, parent: etree._Element, column: str, facility_roots: frozenset[str],
            what: str = "identifier") -> None:
    """``id/@extension`` values typed by their root (the root named in the label otherwise)."""
    for ident in parent.findall("h:id", NS):
        value = ident.get("extension") or ""
        element = id_element(ident, facility_roots)
        label = None if element else f"{column}/id {what} (root {ident.get('root') or '?'})"
        f.add(value, ident, f"{column}/id", element, label)


def ts_date(value: str | None) -> str:
    """The date part of a TS (``20130607100800-0500`` → ``20130607``) as written."""
    if not value:
        return ""
    m = _TS_DATE.match(value.strip())
    return m.group() if m else value.strip()
