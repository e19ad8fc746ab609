"""People of a C-CDA header: the patient (recordTarget/patientRole), guardians, authors and
other clinicians (provider), participants and informants (next_of_kin / related_person)."""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.model import Location, Record
from phiscope.readers.ccda.values import (
    NS,
    CdaFields,
    add_addresses,
    add_ids,
    add_names,
    add_telecoms,
    q,
    ts_date,
)

#: header elements whose assignedEntity/assignedAuthor/intendedRecipient is a clinician
_CLINICIAN_PATHS = (
    ("h:author/h:assignedAuthor", "assignedPerson"),
    ("h:dataEnterer/h:assignedEntity", "assignedPerson"),
    ("h:legalAuthenticator/h:assignedEntity", "assignedPerson"),
    ("h:authenticator/h:assignedEntity", "assignedPerson"),
    ("h:informant/h:assignedEntity", "assignedPerson"),
    ("h:informationRecipient/h:intendedRecipient", "informationRecipient"),
    ("h:documentationOf/h:serviceEvent/h:performer/h:assignedEntity", "assignedPerson"),
    ("h:componentOf/h:encompassingEncounter/h:responsibleParty/h:assignedEntity", "assignedPerson"),
    ("h:componentOf/h:encompassingEncounter/h:encounterParticipant/h:assignedEntity", "assignedPerson"),
)
_PARTICIPANT_ROLES = {"NOK": "next_of_kin", "ECON": "next_of_kin", "GUAR": "guarantor",
                      "CAREGIVER": "related_person", "PRS": "related_person", "POLHOLD": "subscriber"}


def facility_roots(doc: etree._Element) -> frozenset[str]:
    """OID roots of the organisations of the document (custodian, provider organisation…):
    a patient id under such a root is the facility's medical record number."""
    roots = set()
    for path in (".//h:custodian//h:representedCustodianOrganization/h:id",
                 "h:recordTarget/h:patientRole/h:providerOrganization/h:id",
                 "h:author/h:assignedAuthor/h:representedOrganization/h:id"):
        for ident in doc.findall(path, NS):
            if ident.get("root"):
                roots.add(ident.get("root"))
    return frozenset(roots)


def _contact(f: CdaFields, el: etree._Element, column: str) -> None:
    add_addresses(f, el, column)
    add_telecoms(f, el, column)


def patient_records(doc: etree._Element, loc: Location, roots: frozenset[str]) -> list[Record]:
    """One patient record per recordTarget (plus a related_person record per guardian)."""
    out: list[Record] = []
    for n, role in enumerate(doc.findall("h:recordTarget/h:patientRole", NS), start=1):
        key = f"recordTarget[{n}]/patientRole"
        col = "recordTarget/patientRole"
        f = CdaFields(loc)
        add_ids(f, role, col, roots, "patient identifier")
        _contact(f, role, col)
        patient = role.find("h:patient", NS)
        guardians: list[Record] = []
        if patient is not None:
            pcol = f"{col}/patient"
            add_names(f, patient, pcol, f"{pcol}/name patient name")
            birth = patient.find("h:birthTime", NS)
            if birth is not None:
                f.add(ts_date(birth.get("value")), birth, f"{pcol}/birthTime", "dob")
            for death in patient.findall("{urn:hl7-org:sdtc}deceasedTime"):
                f.add(ts_date(death.get("value")), death, f"{pcol}/deceasedTime", "date",
                      f"{pcol}/deceasedTime date of death")
            for place in patient.findall("h:birthplace/h:place", NS):
                add_addresses(f, place, f"{pcol}/birthplace")
            guardians = _guardians(patient, loc, key, pcol)
        out.append(Record(key, "patient", tuple(f.out)))
        out.extend(guardians)
    return out


def _guardians(patient: etree._Element, loc: Location, key: str, pcol: str) -> list[Record]:
    out = []
    for g, guardian in enumerate(patient.findall("h:guardian", NS), start=1):
        f = CdaFields(loc)
        gcol = f"{pcol}/guardian"
        code = guardian.find("h:code", NS)
        relation = (code.get("displayName") or code.get("code") or "") if code is not None else ""
        for person in guardian.findall("h:guardianPerson", NS):
            add_names(f, person, f"{gcol}/guardianPerson", f"guardian name {relation}".rstrip())
        _contact(f, guardian, gcol)
        if f.out:
            out.append(Record(f"{key}/guardian[{g}]", "related_person", tuple(f.out)))
    return out


def clinician_records(doc: etree._Element, loc: Location, roots: frozenset[str]) -> list[Record]:
    """Authors, authenticators, performers, recipients and encounter participants (provider)."""
    out: list[Record] = []
    for path, person_tag in _CLINICIAN_PATHS:
        for n, entity in enumerate(doc.findall(path, NS), start=1):
            col = path.replace("h:", "")
            f = CdaFields(loc)
            add_ids(f, entity, col, roots, "provider identifier")
            _contact(f, entity, col)
            for person in entity.findall(f"h:{person_tag}", NS):
                add_names(f, person, f"{col}/{person_tag}", f"{col.split('/')[0]} provider name")
            if f.out:
                out.append(Record(f"{col}[{n}]", "provider", tuple(f.out)))
    return out


def participant_records(doc: etree._Element, loc: Location, roots: frozenset[str]) -> list[Record]:
    """Header participants (associatedEntity) and related-entity informants."""
    out: list[Record] = []
    entities = [("participant", e) for e in doc.findall("h:participant/h:associatedEntity", NS)]
    entities += [("informant", e) for e in doc.findall("h:informant/h:relatedEntity", NS)]
    for n, (kind, entity) in enumerate(entities, start=1):
        col = f"{kind}/{etree.QName(entity).localname}"
        role = _PARTICIPANT_ROLES.get(entity.get("classCode") or "", "related_person")
        f = CdaFields(loc)
        add_ids(f, entity, col, roots)
        _contact(f, entity, col)
        for tag in ("associatedPerson", "relatedPerson"):
            for person in entity.findall(f"h:{tag}", NS):
                add_names(f, person, f"{col}/{tag}", f"{kind} name {entity.get('classCode') or ''}".rstrip())
        if f.out:
            out.append(Record(f"{kind}[{n}]/{etree.QName(entity).localname}", role, tuple(f.out)))
    return out


def is_clinical_document(root: etree._Element) -> bool:
    """Whether the root is a CDA ClinicalDocument."""
    return bool(root.tag == q("ClinicalDocument"))
