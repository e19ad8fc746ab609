"""FHIR XML: sniffing, resources and Bundles converted to the JSON shape, malformed XML."""

from __future__ import annotations

import pytest
from fhir_helpers import blob_of, fields_by_key, read_items, roles

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, ReadIssue
from phiscope.readers.fhir import FhirXmlReader
from phiscope.readers.html.reader import XmlReader

READER = FhirXmlReader()
BUNDLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Bundle xmlns="http://hl7.org/fhir">
  <type value="collection"/>
  <entry>
    <fullUrl value="urn:uuid:7f1c"/>
    <resource>
      <Patient>
        <id value="p1"/>
        <text><status value="generated"/>
          <div xmlns="http://www.w3.org/1999/xhtml"><p>Jane Q Doe</p></div></text>
        <identifier>
          <type><coding><system value="http://terminology.hl7.org/CodeSystem/v2-0203"/>
            <code value="MR"/></coding></type>
          <value value="99887766"/>
        </identifier>
        <identifier><system value="http://hl7.org/fhir/sid/us-ssn"/><value value="536-22-8741"/></identifier>
        <name><use value="official"/><family value="Doe"/><given value="Jane"/><given value="Q"/></name>
        <telecom><system value="email"/><value value="jane.doe@example.org"/></telecom>
        <birthDate value="1980-03-21"><extension url="http://x"><valueString value="t"/></extension>
        </birthDate>
        <address><line value="123 Main St"/><city value="Hartford"/><state value="CT"/>
          <postalCode value="06106"/></address>
      </Patient>
    </resource>
  </entry>
  <entry>
    <resource>
      <Condition>
        <code><coding><system value="http://hl7.org/fhir/sid/icd-10-cm"/><code value="E11.9"/></coding></code>
        <subject><reference value="urn:uuid:7f1c"/></subject>
        <note><text value="reports SSN 401-33-9012 stolen"/></note>
      </Condition>
    </resource>
  </entry>
  <entry>
    <resource>
      <DocumentReference>
        <id value="d1"/>
        <subject><reference value="Patient/p1"/></subject>
        <content><attachment><contentType value="text/plain"/>
          <data value="SGVsbG8gSmFuZQ=="/></attachment></content>
      </DocumentReference>
    </resource>
  </entry>
</Bundle>
"""


def test_sniff() -> None:
    assert READER.sniff(BUNDLE, "b.xml") > XmlReader().sniff(BUNDLE, "b.xml")
    assert READER.sniff(b'<Patient xmlns="http://hl7.org/fhir"><id value="1"/></Patient>', "p") == 0.95
    for other in (b'<?xml version="1.0"?><note><to>x</to></note>', b'<html><body>x</body></html>',
                  b'<ClinicalDocument xmlns="urn:hl7-org:v3"/>', b'{"resourceType": "Patient"}'):
        assert READER.sniff(other, "x.xml") == 0.0


def test_bundle_entries_to_records() -> None:
    items = read_items(READER, blob_of(BUNDLE, "b.xml"))
    got = fields_by_key(items)
    pat = got["Patient/p1"]
    assert pat["person_name"] == ["Jane Q Doe"] and pat["dob"] == ["1980-03-21"]
    assert pat["mrn"] == ["99887766"] and pat["ssn"] == ["536-22-8741"]
    assert pat["email"] == ["jane.doe@example.org"] and pat["city_state_zip"] == ["Hartford, CT 06106"]
    assert pat["icd10_diagnosis"] == ["E11.9"]
    assert set(pat[None]) == {"Jane Q Doe", "reports SSN 401-33-9012 stolen"}
    assert roles(items) == {"Patient/p1": "patient"}
    children = [i for i in items if isinstance(i, ChildBlob)]
    assert [(c.name, c.data) for c in children] == [("DocumentReference-d1.txt", b"Hello Jane")]
    lines = {f.value: f.loc.line for r in items if hasattr(r, "fields") for f in r.fields}  # type: ignore[union-attr]
    assert lines["E11.9"] == 26  # the line of its Bundle entry


def test_malformed_xml_after_an_entry_is_an_issue() -> None:
    broken = BUNDLE.replace(b"</Condition>", b"</Conditio>")
    items = read_items(READER, blob_of(broken, "b.xml"))
    assert "Patient/p1" in fields_by_key(items)
    assert [i.kind for i in items if isinstance(i, ReadIssue)] == [ErrorKind.CORRUPT]
    with pytest.raises(DocumentError):
        read_items(READER, blob_of(b'<Patient xmlns="http://hl7.org/fhir"><id value="1"', "p.xml"))


def test_single_resource() -> None:
    data = (b'<Practitioner xmlns="http://hl7.org/fhir"><id value="dr"/><identifier>'
            b'<system value="http://hl7.org/fhir/sid/us-npi"/><value value="1234567893"/></identifier>'
            b'<name><family value="Smith"/><given value="Alan"/></name></Practitioner>')
    items = read_items(READER, blob_of(data, "p.xml"))
    assert fields_by_key(items) == {"Practitioner/dr": {"npi": ["1234567893"], "person_name": ["Alan Smith"]}}
    assert roles(items) == {"Practitioner/dr": "provider"}
