"""Person resources: Patient (and its contacts), RelatedPerson, Practitioner, PractitionerRole, Person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from phiscope.model import Record
from phiscope.readers.fhir.fields import (
    Fields,
    add_addresses,
    add_identifiers,
    add_names,
    add_telecoms,
    as_list,
    city_state_zip,
    human_name,
    text_of,
)

_MAIDEN = "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName"
_BIRTHPLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"
#: roles of the person resources (FHIR Person is an administrative link: "other")
PERSON_ROLES = {"Patient": "patient", "RelatedPerson": "related_person", "Practitioner": "provider",
                "Person": "other"}

NewFields = Callable[[str], Fields]


def person_fields(res: dict[str, Any], f: Fields) -> None:
    """Name, birth date, addresses, telecoms and identifiers common to person resources."""
    add_names(f, res.get("name"), "name")
    f.add(res.get("birthDate"), "birthDate", "dob")
    add_addresses(f, res.get("address"), "address")
    add_telecoms(f, res.get("telecom"), "telecom")
    add_identifiers(f, res.get("identifier"), "identifier")


def _patient_extensions(res: dict[str, Any], f: Fields) -> None:
    for i, ext in enumerate(as_list(res.get("extension"))):
        if not isinstance(ext, dict):
            continue
        url = ext.get("url")
        if url == _MAIDEN:
            f.add(ext.get("valueString"), f"extension[{i}].valueString", None,
                  "Patient mother's maiden name")
        elif url == _BIRTHPLACE and isinstance(ext.get("valueAddress"), dict):
            f.add(city_state_zip(ext["valueAddress"]), f"extension[{i}].valueAddress", "city_state_zip",
                  "Patient birthPlace")


def patient_records(res: dict[str, Any], key: str, new_fields: NewFields) -> list[Record]:
    """The patient's record and one next_of_kin record per ``contact``."""
    f = new_fields("Patient")
    person_fields(res, f)
    f.add(res.get("deceasedDateTime"), "deceasedDateTime", "date", "Patient.deceasedDateTime date of death")
    _patient_extensions(res, f)
    out = [Record(key, "patient", f.take())]
    for i, contact in enumerate(as_list(res.get("contact"))):
        if not isinstance(contact, dict):
            continue
        rel = f"contact[{i}]"
        relation = _relationship(contact.get("relationship"))
        label = f"Patient.contact.name ({relation})" if relation else "Patient.contact.name"
        add_names(f, contact.get("name"), f"{rel}.name", label)
        add_addresses(f, contact.get("address"), f"{rel}.address")
        add_telecoms(f, contact.get("telecom"), f"{rel}.telecom")
        fields = f.take()
        if fields:
            out.append(Record(f"{key}/{rel}", "next_of_kin", fields))
    return out


def _relationship(value: Any) -> str:
    for concept in as_list(value):
        if not isinstance(concept, dict):
            continue
        if text_of(concept.get("text")):
            return text_of(concept.get("text"))
        for coding in as_list(concept.get("coding")):
            if isinstance(coding, dict):
                word = text_of(coding.get("display")) or text_of(coding.get("code"))
                if word:
                    return word
    return ""


def person_record(res: dict[str, Any], rtype: str, key: str, new_fields: NewFields) -> Record:
    """A RelatedPerson, Practitioner or Person as one record."""
    f = new_fields(rtype)
    person_fields(res, f)
    if rtype == "RelatedPerson":
        relation = _relationship(res.get("relationship"))
        if relation:
            f.out = [fld if fld.element != "person_name" else
                     type(fld)(fld.value, fld.loc, fld.element, f"{fld.label} ({relation})") for fld in f.out]
    return Record(key, PERSON_ROLES[rtype], f.take())


def practitioner_role_record(res: dict[str, Any], key: str, new_fields: NewFields) -> Record | None:
    """A PractitionerRole: the practitioner's displayed name and the role's telecoms."""
    f = new_fields("PractitionerRole")
    practitioner = res.get("practitioner")
    if isinstance(practitioner, dict):
        f.add(human_name(practitioner.get("display")), "practitioner.display", "person_name",
              "PractitionerRole.practitioner")
    add_telecoms(f, res.get("telecom"), "telecom")
    add_identifiers(f, res.get("identifier"), "identifier")
    fields = f.take()
    return Record(key, "provider", fields) if fields else None
