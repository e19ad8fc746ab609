"""The identity of one mention: normalised values taken from its findings.

Which finding says what: ``person_name`` gives the name (a table column's
header says whether it is the first, middle, last or full name), ``dob``,
``ssn``, ``mrn``, member ids (health plan, Medicaid, Medicare), ``phone``
(faxes left out), ``email``, ``street_address`` and ``city_state_zip``.
Findings about someone else in the same row or document — a provider's name,
an emergency contact's columns, NPI and DEA numbers — are *context*: they count as exposed with the
person, but never as who the person is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from phiscope.people.normalize import (
    Address,
    NameParts,
    clean_ssn,
    name_token,
    split_name,
    standardize_address,
)

Finding = Mapping[str, Any]

#: roles of a record about a patient's contact person (HL7 NK1, FHIR ``Patient.contact``,
#: RelatedPerson, a row's emergency-contact columns): its subject is that person
CONTACT_ROLES = frozenset({"next_of_kin", "related_person", "guardian", "emergency_contact"})
#: identifiers only providers have (a provider's, never the patient's)
PROVIDER_ELEMENTS = frozenset({"npi", "dea"})
#: detectors whose names are always someone else's (a provider's, a relative's)
_OTHER_DETECTORS = frozenset({"provider_name", "relative_name"})
MEMBER_ELEMENTS = ("health_plan_member_id", "medicaid_id", "medicare_mbi", "medicare_hicn")
#: the elements ``build_identity`` reads into ``Identity.has_identity``'s fields (a city line alone is not)
IDENTITY_ELEMENTS = frozenset({"person_name", "dob", "ssn", "mrn", "phone", "email", "street_address",
                               *MEMBER_ELEMENTS})
#: column headers naming another person than the row's subject
OTHER_PERSON = re.compile(
    r"(?i)(emerg|contact|\bec\b|^ec[ _]|guarant|subscriber|insured|spouse|parent|guardian|mother|father|"
    r"kin\b|\bnok\b|provider|physician|doctor|\bdr\b|pcp|referr|attending|nurse|author|signed|"
    r"responsible|relative|caregiver|prescrib|employer)")
_POLICY_HOLDER = re.compile(r"(?i)subscriber|insured")
_FIRST = re.compile(r"(?i)(first|fname|given|forename)")
_LAST = re.compile(r"(?i)(last|(?<!ful)lname|surname|family)")  # not "fullName"
_MIDDLE = re.compile(r"(?i)(middle|mname|mid ?init|(?<![a-z])mi(?![a-z]))")  # "PT_MI" too


@dataclass(slots=True)
class Identity:
    """Normalised identity values of one mention (raw PHI: kept in memory and the encrypted store only)."""

    name: NameParts = field(default_factory=NameParts)
    display_name: str | None = None
    dob: str | None = None
    ssn: str | None = None
    mrn: str | None = None
    member_id: str | None = None  # the first of ``member_ids``
    member_ids: tuple[str, ...] = ()  # health plan ids first, then Medicaid, Medicare
    phones: tuple[str, ...] = ()  # tuples, not lists: an empty one costs nothing (millions of mentions)
    emails: tuple[str, ...] = ()
    address: Address = field(default_factory=Address)

    def has_identity(self) -> bool:
        """True when anything here can tell people apart."""
        return bool(self.name.last or self.name.first or self.dob or self.ssn or self.mrn or self.member_id
                    or self.phones or self.emails or self.address.street)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored in the encrypted case only)."""
        n, a = self.name, self.address
        return {"first": n.first, "middle": n.middle, "last": n.last, "suffix": n.suffix,
                "display_name": self.display_name, "dob": self.dob, "ssn": self.ssn, "mrn": self.mrn,
                "member_id": self.member_id, "member_ids": self.member_ids, "phones": self.phones,
                "emails": self.emails,
                "street": a.street, "unit": a.unit, "city": a.city, "state": a.state, "zip5": a.zip5}


def thin(identity: Identity) -> bool:
    """Says who holds an id, a phone or an e-mail, but not who the person is (no name, DOB, SSN or MRN)."""
    return not (identity.name.first or identity.name.last or identity.dob or identity.ssn or identity.mrn)


def is_other_person(f: Finding) -> bool:
    """A finding about someone else than the mention's subject (provider, contact…)."""
    json_path = f.get("json_path")
    inner = _TOP.sub("", str(json_path), count=1) if json_path else ""
    return _other_person(f.get("detector_id"), f.get("flags"), f.get("element"), f.get("column"), inner,
                         f.get("role") in CONTACT_ROLES)


@lru_cache(maxsize=1 << 16)
def _other_person(detector: Any, flags: Any, element: Any, column: Any, inner_path: str,
                  contact_record: bool) -> bool:
    """``is_other_person`` of a finding's fields (the JSON path below its top-level record): the
    same few combinations repeat over millions of findings. In a contact's own record
    (``contact_record``: "Patient.contact.name" of a next-of-kin record) the words that elsewhere
    name someone else name the record's subject."""
    marks = str(flags or "")
    if detector in _OTHER_DETECTORS or "provider" in marks or "relative" in marks:
        return True
    if element in PROVIDER_ELEMENTS:
        return True
    if contact_record:
        return False
    if column and OTHER_PERSON.search(str(column)) is not None:
        # "Subscriber ID", "Insured ID #": the coverage's member id, which claims and remittances
        # use for the patient; a subscriber's name or birth date stays someone else's
        return not (element in MEMBER_ELEMENTS
                    and OTHER_PERSON.search(_POLICY_HOLDER.sub(" ", str(column))) is None)
    return any(_other_person_key(k) for k in _KEY.findall(inner_path))


_TOP = re.compile(r"^\$[^\[]*\[\d+\]")
_KEY = re.compile(r"\.([^.\[\]]+)")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
#: words of a JSON key that name another person than the record's subject
OTHER_PERSON_WORDS = frozenset({
    "emergency", "guarantor", "guarantors", "subscriber", "insured", "spouse", "parent", "parents",
    "guardian", "mother", "father", "kin", "nok", "provider", "providers", "physician", "doctor", "pcp",
    "referring", "referrer", "attending", "nurse", "author", "performer", "practitioner", "prescriber",
    "caregiver", "relative", "employer", "responsible",
})


def _other_person_key(key: str) -> bool:
    """A JSON key naming someone else: ``provider``, ``emergencyContact``, ``next_of_kin``, FHIR's
    ``contact`` (not ``contactPhone``, the subject's own)."""
    if key.lower() in ("contact", "contacts"):
        return True
    return any(w.lower() in OTHER_PERSON_WORDS for w in _WORD.findall(key))


@cache
def _normalizers() -> Mapping[str, Any]:
    from phiscope.detectors.registry import load_detectors

    dets = load_detectors()
    return {i: dets.by_id(i).normalize for i in ("dob", "ssn", "mrn", "phone", "email")}


@lru_cache(maxsize=1 << 18)  # a person's DOB, phone, MRN recur in every file of a breach
def _norm(detector: str, value: str) -> str:
    return str(_normalizers()[detector](value))


def build_identity(own: Iterable[Finding]) -> Identity:
    """The identity the findings of one person mention state (first value of each kind wins)."""
    phones: list[str] = []
    emails: list[str] = []
    parts: dict[str, str] = {}
    dob = ssn = mrn = street = None
    city_bits: list[str] = []
    members: list[tuple[int, str]] = []
    for f in own:
        el, value = f["element"], str(f.get("value") or "")
        if not value:
            continue
        if el == "person_name":
            parts.setdefault(name_slot(f.get("column") or _last_key(str(f.get("json_path") or ""))), value)
        elif el == "dob" and dob is None:
            dob = _norm("dob", value)
        elif el == "ssn" and ssn is None:
            ssn = clean_ssn(_norm("ssn", value))
        elif el == "mrn" and mrn is None:
            mrn = _norm("mrn", value)
        elif el in MEMBER_ELEMENTS:
            members.append((MEMBER_ELEMENTS.index(el), member_value(value)))
        elif el == "phone" and not is_fax(f.get("flags"), f.get("detector_id")):
            phones.append(_norm("phone", value))
        elif el == "email":
            emails.append(_norm("email", value))
        elif el == "street_address" and street is None:
            street = value
        elif el == "city_state_zip":
            city_bits.append(value)
    return assemble(parts, dob, ssn, mrn, members, phones, emails, street, city_bits)


def assemble(parts: Mapping[str, str], dob: str | None, ssn: str | None, mrn: str | None,
             members: Iterable[tuple[int, str]], phones: Iterable[str], emails: Iterable[str],
             street: str | None, city_bits: Sequence[str]) -> Identity:
    """An ``Identity`` of one mention's values, taken as ``build_identity`` takes them (``parts``: the
    first name value per ``name_slot``; ``members``: (rank in ``MEMBER_ELEMENTS``, ``member_value``)
    in finding order; phones and e-mails normalised, in finding order, repeats allowed)."""
    ident = Identity(dob=dob, ssn=ssn, mrn=mrn)
    ident.name, ident.display_name = _name(parts)
    ident.address = _address(street, tuple(city_bits))
    member_ids: list[str] = []
    for _, member in sorted(members, key=lambda rm: rm[0]):  # stable: same rank keeps finding order
        _append(member_ids, member)
    ident.member_ids, ident.phones, ident.emails = tuple(member_ids), _distinct(phones), _distinct(emails)
    ident.member_id = member_ids[0] if member_ids else None
    return ident


def member_value(value: str) -> str:
    """A member id as matched: upper case letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def is_fax(flags: Any, detector: Any) -> bool:
    """A phone finding that is a fax number (not a way to reach the person)."""
    return "fax" in str(flags or "") or detector == "fax"


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        _append(out, v)
    return tuple(out)


def _append(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)


_JSON_KEY = re.compile(r"([A-Za-z_][\w-]*)(?:\[\d+\])*$")


def _last_key(json_path: str) -> str:
    """The last named key of a JSON path (``$.patients[5].name.given[0]`` -> ``given``): it says which
    part of a name a value is when there is no column header."""
    m = _JSON_KEY.search(json_path)
    return m.group(1) if m else ""


@lru_cache(maxsize=4096)
def name_slot(header: Any) -> str:
    """Which part of a name a column header (or JSON key) holds: first, middle, last or full."""
    text = str(header or "")
    return ("middle" if _MIDDLE.search(text) else "first" if _FIRST.search(text)
            else "last" if _LAST.search(text) else "full")


def _name(parts: Mapping[str, str]) -> tuple[NameParts, str | None]:
    if "full" in parts and not ("first" in parts or "last" in parts):
        return split_name(parts["full"]), " ".join(parts["full"].split())
    last = split_name(parts["last"]) if "last" in parts else NameParts()
    first = name_token(parts["first"]) if "first" in parts else None
    middle = name_token(parts["middle"]) if "middle" in parts else None
    display = " ".join(parts[k].strip() for k in ("first", "middle", "last") if k in parts) or None
    if first is None and "full" in parts:
        full = split_name(parts["full"])
        return NameParts(full.first, full.middle, last.last or full.last, last.suffix or full.suffix), display
    return NameParts(first, middle, last.last, last.suffix), display


@lru_cache(maxsize=1 << 16)
def _address(street: str | None, city_bits: tuple[str, ...]) -> Address:
    city = state = zip5 = None
    for bit in city_bits:
        a = standardize_address(None, bit)
        city, state, zip5 = city or a.city, state or a.state, zip5 or a.zip5
    line = ", ".join(p for p in (city, " ".join(x for x in (state, zip5) if x)) if p) or None
    full = standardize_address(street, line) if street or line else Address()
    return Address(full.street, full.unit, full.city or city, full.state or state, full.zip5 or zip5)
