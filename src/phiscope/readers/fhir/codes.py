"""FHIR code systems and identifier systems that say which phiscope element a value is."""

from __future__ import annotations

import re

#: HL7 v2 table 0203 identifier type codes (Identifier.type.coding.code)
TYPE_CODES: dict[str, str] = {
    "MR": "mrn", "MRN": "mrn", "SS": "ssn", "SSN": "ssn", "DL": "drivers_license", "PPN": "passport",
    "MB": "health_plan_member_id", "SN": "health_plan_member_id", "MA": "medicaid_id",
    "MC": "medicare", "NPI": "npi", "NIIP": "health_plan_member_id",
}

#: Identifier.system URIs (exact)
SYSTEMS: dict[str, str] = {
    "http://hl7.org/fhir/sid/us-ssn": "ssn",
    "urn:oid:2.16.840.1.113883.4.1": "ssn",
    "http://hl7.org/fhir/sid/us-npi": "npi",
    "urn:oid:2.16.840.1.113883.4.6": "npi",
    "http://hl7.org/fhir/sid/us-mbi": "medicare_mbi",
    "urn:oid:2.16.840.1.113883.4.927": "medicare_mbi",
    "http://hl7.org/fhir/sid/us-medicare": "medicare",
    "urn:oid:2.16.840.1.113883.4.572": "medicare_hicn",
    "http://standardhealthrecord.org/fhir/StructureDefinition/passportNumber": "passport",
    "http://hl7.org/fhir/sid/passport-USA": "passport",
}

#: state driver's license OIDs are 2.16.840.1.113883.4.3.<state FIPS code>
_DL_OID = re.compile(r"^urn:oid:2\.16\.840\.1\.113883\.4\.3\.\d{1,2}$")
_PASSPORT_SID = re.compile(r"^http://hl7\.org/fhir/sid/passport-[A-Z]{3}$")
_MBI = re.compile(r"^[1-9][A-Z][A-Z0-9][0-9][A-Z][A-Z0-9][0-9][A-Z]{2}[0-9]{2}$")

#: Coding.system values of ICD-10 diagnosis codes
ICD10_SYSTEMS = frozenset({
    "http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10",
    "urn:oid:2.16.840.1.113883.6.90", "urn:oid:2.16.840.1.113883.6.3",
})

#: Attachment.contentType → file extension of the decoded payload
CONTENT_EXT: dict[str, str] = {
    "text/plain": ".txt", "text/html": ".html", "application/xhtml+xml": ".html", "text/xml": ".xml",
    "application/xml": ".xml", "application/pdf": ".pdf", "application/rtf": ".rtf", "text/rtf": ".rtf",
    "application/json": ".json", "application/fhir+json": ".json", "application/fhir+xml": ".xml",
    "application/hl7-v2": ".hl7", "x-application/hl7-v2+er7": ".hl7", "text/csv": ".csv",
    "application/msword": ".doc", "image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif",
    "application/dicom": ".dcm", "application/zip": ".zip", "message/rfc822": ".eml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def medicare_element(value: str) -> str:
    """``medicare_mbi`` for the 11-character MBI layout, else ``medicare_hicn``."""
    compact = value.replace("-", "").replace(" ", "").upper()
    return "medicare_mbi" if _MBI.match(compact) else "medicare_hicn"


def system_element(system: str) -> str | None:
    """The element an Identifier.system URI names, if any."""
    element = SYSTEMS.get(system)
    if element is not None:
        return element
    if _DL_OID.match(system) or "driverslicense" in system.lower().replace("-", "").replace("_", ""):
        return "drivers_license"
    if _PASSPORT_SID.match(system) or system.lower().endswith("passportnumber"):
        return "passport"
    return None


def identifier_element(type_codes: list[str], system: str, value: str) -> str | None:
    """Element of an Identifier from its type codes (v2-0203), else its system URI."""
    element = None
    for code in type_codes:
        element = TYPE_CODES.get(code.upper())
        if element is not None:
            break
    if element is None and system:
        element = system_element(system)
    if element == "medicare":
        return medicare_element(value)
    return element


def content_extension(content_type: str | None) -> str:
    """File extension for an attachment's MIME type (``.bin`` when unknown)."""
    if not content_type:
        return ".bin"
    base = content_type.split(";", 1)[0].strip().lower()
    if base in CONTENT_EXT:
        return CONTENT_EXT[base]
    return ".txt" if base.startswith("text/") else ".bin"
