"""Which DICOM data elements the reader takes, as what, and for whom.

A table row is (keyword, kind, element): ``kind`` says how the value is read
(``name``: PN, one field per name; ``id``: an identifier typed by its issuer's
qualifiers; ``address``: split into street and ``City, ST ZIP`` when it can be;
``text``: the value as is) and ``element`` the phiscope element of the value
(None: free text scanned by every detector). Elements not named here are left
out (sex, age, ethnic group, military rank, occupation, UIDs, equipment),
except person names (VR PN) found anywhere, sequences included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydicom.datadict import tag_for_keyword


@dataclass(frozen=True, slots=True)
class Spec:
    """One data element the reader takes."""

    tag: int
    keyword: str
    kind: str  # name | id | address | text
    element: str | None


def _specs(*rows: tuple[str, str, str | None]) -> tuple[Spec, ...]:
    out = []
    for keyword, kind, element in rows:
        tag = tag_for_keyword(keyword)
        if tag is None:
            raise ValueError(f"unknown DICOM keyword {keyword}")
        out.append(Spec(tag, keyword, kind, element))
    return tuple(out)


#: the patient identifier (also read in each item of OtherPatientIDsSequence)
PATIENT_ID = _specs(("PatientID", "id", "mrn"))
#: who the patient is: an item of a sequence holding any of these is a patient of its own
PATIENT_IDENTITY = (*_specs(
    ("PatientName", "name", "person_name"), ("OtherPatientNames", "name", "person_name"),
    ("PatientBirthName", "name", "person_name")), *PATIENT_ID, *_specs(
    ("OtherPatientIDs", "text", "mrn"), ("PatientBirthDate", "text", "dob"),
    ("PatientAddress", "address", None), ("PatientTelephoneNumbers", "text", "phone"),
    ("PatientTelecomInformation", "text", None), ("MedicalRecordLocator", "text", None),
    ("AdmissionID", "text", None), ("InsurancePlanIdentification", "text", None),
))
IDENTITY_TAGS = frozenset(s.tag for s in PATIENT_IDENTITY)
#: facts of the patient's study: dates of service, order numbers and free text
PATIENT_FACTS = _specs(
    ("AccessionNumber", "text", None), ("StudyID", "text", None), ("RequestedProcedureID", "text", None),
    ("StudyDate", "text", "date"), ("SeriesDate", "text", "date"), ("AcquisitionDate", "text", "date"),
    ("ContentDate", "text", "date"), ("AdmittingDate", "text", "date"),
    ("ScheduledProcedureStepStartDate", "text", "date"), ("PerformedProcedureStepStartDate", "text", "date"),
    ("StudyDescription", "text", None), ("SeriesDescription", "text", None), ("ImageComments", "text", None),
    ("AdditionalPatientHistory", "text", None), ("PatientComments", "text", None),
    ("StudyComments", "text", None), ("AdmittingDiagnosesDescription", "text", None),
    ("ReasonForStudy", "text", None), ("ReasonForTheRequestedProcedure", "text", None),
    ("RequestedProcedureDescription", "text", None), ("ScheduledProcedureStepDescription", "text", None),
    ("PerformedProcedureStepDescription", "text", None),
    ("CommentsOnThePerformedProcedureStep", "text", None), ("DocumentTitle", "text", None),
    ("TextValue", "text", None),
)
MOTHER = _specs(("PatientMotherBirthName", "name", "person_name"))
INSTITUTION = _specs(("InstitutionName", "text", None), ("InstitutionAddress", "address", None))
#: more about a person named by the PN element (its address and phones), in the same record
PERSON_EXTRAS: dict[str, tuple[Spec, ...]] = {
    "ReferringPhysicianName": _specs(("ReferringPhysicianAddress", "address", None),
                                     ("ReferringPhysicianTelephoneNumbers", "text", "phone")),
    "PersonName": _specs(("PersonAddress", "address", None), ("PersonTelephoneNumbers", "text", "phone")),
}
#: the tags each row of a table consumes (not read again as a person name of their own)
TABLE_NAME_TAGS = frozenset(s.tag for s in (*PATIENT_IDENTITY, *MOTHER) if s.kind == "name")
#: sequences read by the patient table itself, or holding bulk data only
SKIP_SEQUENCES = frozenset(tag_for_keyword(k) for k in (
    "OtherPatientIDsSequence", "IssuerOfPatientIDQualifiersSequence", "WaveformSequence",
    "IconImageSequence"))

#: record keys of the usual people of an imaging study
PERSON_KEYS = {
    "ReferringPhysicianName": "referring_physician", "ConsultingPhysicianName": "consulting_physician",
    "PhysiciansOfRecord": "physician_of_record", "PerformingPhysicianName": "performing_physician",
    "NameOfPhysiciansReadingStudy": "reading_physician", "OperatorsName": "operator",
    "RequestingPhysician": "requesting_physician", "ResponsiblePerson": "responsible_person",
}
_PROVIDER = re.compile(r"Physician|Operator|Performer|Observer|Creator|Reviewer|Interpretation|Recipient|"
                       r"Author|Verif|Evaluator|OrderEnteredBy|Distribution|Requesting|Referring")
_RELATED = frozenset({"ResponsiblePerson", "PatientMotherBirthName"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def person_role(keyword: str) -> str:
    """The record role of the person a PN element names: provider, related_person or other."""
    if keyword in _RELATED:
        return "related_person"
    return "provider" if _PROVIDER.search(keyword) else "other"


def person_key(keyword: str, tag: int) -> str:
    """The record key of a PN element's person (``referring_physician``, ``verifying_observer``)."""
    if keyword in PERSON_KEYS:
        return PERSON_KEYS[keyword]
    if not keyword:
        return f"private_{tag:08X}"
    base = keyword[:-4] if keyword.endswith("Name") and len(keyword) > 4 else keyword
    return _CAMEL.sub("_", base).lower()
