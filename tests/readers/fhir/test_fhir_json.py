"""FHIR JSON: sniffing against the generic JSON reader, resources to person records and patient
facts, Bundles (streamed, urn:uuid references), NDJSON, attachments, malformed input."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fhir_helpers import blob_of, fields_by_key, read_items, records, roles

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, ReadIssue, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.fhir import FhirJsonReader
from phiscope.readers.json import JsonReader

READER = FhirJsonReader()
SSN_TYPE = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "SS"}]}
PATIENT: dict[str, Any] = {
    "resourceType": "Patient", "id": "p1",
    "identifier": [
        {"type": {"coding": [{"code": "MR"}]}, "system": "urn:oid:1.2.3", "value": "MRN0042"},
        {"type": SSN_TYPE, "value": "536-22-8741"},
        {"system": "urn:oid:2.16.840.1.113883.4.3.9", "value": "D1234567"},
        {"system": "http://example.org/other", "value": "X-77"},
    ],
    "name": [{"use": "official", "family": "Doe", "given": ["Jane", "Q"], "prefix": ["Mrs."]}],
    "telecom": [{"system": "phone", "value": "860-555-0142"}, {"system": "email", "value": "jd@example.org"}],
    "birthDate": "1980-03-21", "deceasedDateTime": "2020-01-02",
    "address": [{"line": ["123 Main St", "Apt 4"], "city": "Hartford", "state": "CT", "postalCode": "06106"}],
    "contact": [{"relationship": [{"text": "mother"}], "name": {"family": "Doe", "given": ["Mary"]},
                 "telecom": [{"system": "phone", "value": "860-555-0199"}]}],
    "generalPractitioner": [{"reference": "Practitioner/dr1", "display": "Dr. Alan Smith"}],
}
CONDITION = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"},
             "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"},
                                 {"system": "http://snomed.info/sct", "code": "44054006"}]},
             "onsetDateTime": "2019-05-01", "note": [{"text": "lives with daughter"}]}


def _json(obj: Any) -> bytes:
    return json.dumps(obj, indent=2).encode()


def test_sniff_beats_generic_json_and_leaves_other_json_alone() -> None:
    assert READER.sniff(_json(PATIENT), "p.json") > JsonReader().sniff(_json(PATIENT), "p.json")
    line = json.dumps(CONDITION).encode() + b"\n"
    assert READER.sniff(line * 2, "Condition.000.ndjson") >= 0.9
    sorted_bundle = _json({"entry": [{"resource": PATIENT}], "resourceType": "Bundle"})
    assert READER.sniff(sorted_bundle, "b.json") > 0.8
    for other in ({"name": "x", "nested": {"resourceType": 3}}, [PATIENT], {"patients": [{"name": "Jane"}]},
                  {"meta": {"note": "resourceType is a FHIR word"}}):
        assert READER.sniff(_json(other), "x.json") == 0.0
    assert READER.sniff(b"not json at all", "x.json") == 0.0
    assert READER.sniff(_json({"eventId": "kickoff"}) + b"\n", "log.ndjson") == 0.0


def test_patient_resource_fields_and_contacts() -> None:
    items = read_items(READER, blob_of(_json(PATIENT), "p.json"))
    got = fields_by_key(items)
    pat = got["Patient/p1"]
    assert pat["person_name"] == ["Jane Q Doe"]
    assert pat["dob"] == ["1980-03-21"] and pat["date"] == ["2020-01-02"]
    assert pat["mrn"] == ["MRN0042"] and pat["ssn"] == ["536-22-8741"]
    assert pat["drivers_license"] == ["D1234567"] and pat[None] == ["X-77"]
    assert pat["street_address"] == ["123 Main St, Apt 4"] and pat["city_state_zip"] == ["Hartford, CT 06106"]
    assert pat["phone"] == ["860-555-0142"] and pat["email"] == ["jd@example.org"]
    assert got["Patient/p1/contact[0]"] == {"person_name": ["Mary Doe"], "phone": ["860-555-0199"]}
    assert got["Practitioner/dr1"] == {"person_name": ["Dr. Alan Smith"]}
    assert roles(items) == {"Patient/p1": "patient", "Patient/p1/contact[0]": "next_of_kin",
                            "Practitioner/dr1": "provider"}
    ssn = next(f for r in records(items) for f in r.fields if f.element == "ssn")
    assert ssn.loc.json_path == "$.identifier[1].value" and ssn.loc.column == "Patient.identifier.value"
    assert "SSN" in (ssn.label or "")


def test_bundle_facts_attach_to_the_patient_through_urn_uuid() -> None:
    patient = dict(PATIENT, id="p1")
    cond = dict(CONDITION, subject={"reference": "urn:uuid:aaa"})
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:aaa", "resource": patient},
        {"fullUrl": "urn:uuid:bbb", "resource": cond},
        {"resource": {"resourceType": "Observation", "subject": {"reference": "Patient/zzz"},
                      "valueString": "positive", "effectiveDateTime": "2020-02-02"}},
    ]}
    items = read_items(READER, blob_of(_json(bundle), "bundle.json"))
    got = fields_by_key(items)
    assert got["Patient/p1"]["icd10_diagnosis"] == ["E11.9"]  # SNOMED code omitted
    assert "lives with daughter" in got["Patient/p1"][None]
    # not in the file: a record keyed by the reference
    assert got["Patient/zzz"] == {"date": ["2020-02-02"], None: ["positive"]}
    assert roles(items)["Patient/zzz"] == "patient"
    icd = next(f for r in records(items) for f in r.fields if f.element == "icd10_diagnosis")
    assert icd.loc.json_path == "$.entry[1].resource.code.coding[0].code"


def test_coverage_member_ids_for_beneficiary_and_subscriber() -> None:
    cov = {"resourceType": "Coverage", "id": "cv", "subscriberId": "SUB123456",
           "identifier": [{"system": "http://payer.example/member", "value": "MBR998877"}],
           "subscriber": {"reference": "RelatedPerson/rp1", "display": "John Doe"},
           "beneficiary": {"reference": "Patient/p1"}, "payor": [{"display": "Acme Health"}]}
    items = read_items(READER, blob_of(_json(cov), "cov.json"))
    got = fields_by_key(items)
    assert got["Patient/p1"]["health_plan_member_id"] == ["MBR998877"]
    assert got["RelatedPerson/rp1"] == {"person_name": ["John Doe"], "health_plan_member_id": ["SUB123456"]}
    assert roles(items) == {"Patient/p1": "patient", "RelatedPerson/rp1": "subscriber"}
    medicaid = dict(cov, payor=[{"display": "State Medicaid"}], subscriber={"reference": "Patient/p1"})
    got = fields_by_key(read_items(READER, blob_of(_json(medicaid), "cov.json")))
    assert sorted(got["Patient/p1"]["medicaid_id"]) == ["MBR998877", "SUB123456"]


def test_document_reference_attachment_is_a_child_document() -> None:
    note = b"Jane Doe seen today; SSN 536-22-8741"
    doc = {"resourceType": "DocumentReference", "id": "d1", "subject": {"reference": "Patient/p1"},
           "date": "2021-01-01T10:00:00Z",
           "content": [{"attachment": {"contentType": "text/plain; charset=utf-8",
                                       "data": base64.b64encode(note).decode()}},
                       {"attachment": {"contentType": "text/html", "data": "!!not base64!!"}}]}
    items = read_items(READER, blob_of(_json(doc), "doc.json"))
    children = [i for i in items if isinstance(i, ChildBlob)]
    assert [(c.name, c.data) for c in children] == [("DocumentReference-d1.txt", note)]
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.CORRUPT]
    assert "not base64" not in issues[0].message and issues[0].loc is not None
    assert fields_by_key(items)["Patient/p1"] == {"date": ["2021-01-01T10:00:00Z"]}


def test_unmapped_resources_become_text_and_narratives_are_read() -> None:
    org = {"resourceType": "Organization", "id": "o1", "name": "Hartford Clinic",
           "text": {"status": "generated", "div": "<div xmlns='http://www.w3.org/1999/xhtml'><b>Hi</b></div>"},
           "telecom": [{"system": "phone", "value": "860-555-0100"}]}
    items = read_items(READER, blob_of(_json(org), "org.json"))
    texts = {(i.label, i.text) for i in items if isinstance(i, TextUnit)}
    assert ("name", "Hartford Clinic") in texts and ("value", "860-555-0100") in texts
    assert ("Organization narrative", "Hi") in texts
    assert not records(items)


def test_ndjson_bad_line_is_an_issue_and_the_rest_is_read() -> None:
    lines = [json.dumps(PATIENT), '{"resourceType": "Condition", "subj', json.dumps(CONDITION)]
    items = read_items(READER, blob_of("\n".join(lines).encode(), "x.ndjson"))
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert len(issues) == 1 and issues[0].loc is not None and issues[0].loc.line == 2
    got = fields_by_key(items)
    assert got["Patient/p1"]["icd10_diagnosis"] == ["E11.9"]
    assert {f.loc.line for r in records(items) for f in r.fields if f.element == "icd10_diagnosis"} == {3}


def test_truncated_bundle_keeps_entries_read_before_the_break() -> None:
    bundle = {"resourceType": "Bundle", "entry": [{"resource": PATIENT}, {"resource": CONDITION}]}
    data = _json(bundle)
    cut = data[: data.index(b'"Condition"') + 5]
    items = read_items(READER, blob_of(cut, "b.json"))
    assert "Patient/p1" in fields_by_key(items)
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.TRUNCATED]
    with pytest.raises(DocumentError):
        read_items(READER, blob_of(b'{"resourceType": "Bundle", "entry": [{"resource": {"resou', "b.json"))
    garbage = data.replace(b'"Condition"', b'"Condition" ]]', 1)
    items = read_items(READER, blob_of(garbage, "b.json"))
    assert [i.kind for i in items if isinstance(i, ReadIssue)] == [ErrorKind.CORRUPT]


def test_large_bundle_is_streamed_entry_by_entry() -> None:
    entries = ",".join(json.dumps({"resource": dict(PATIENT, id=f"p{i}")}) for i in range(3000))
    data = ('{"resourceType": "Bundle", "type": "searchset", "entry": [' + entries + "]}").encode()
    it = READER.read(blob_of(data, "big.json"), ReadContext())
    first = next(it)  # yielded before the whole Bundle is parsed
    assert getattr(first, "key", "") == "Patient/p0"
    assert sum(1 for i in it if getattr(i, "role", None) == "patient") == 2999
