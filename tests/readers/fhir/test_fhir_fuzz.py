"""Fuzzing: random and mutated bytes never raise anything but DocumentError, and finish fast."""

from __future__ import annotations

import json
import time

from fhir_helpers import blob_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phiscope.errors import DocumentError
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.fhir import FhirJsonReader, FhirXmlReader

SEED_JSON = json.dumps({"resourceType": "Bundle", "entry": [
    {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient", "id": "1", "name": [{"given": ["A"]}],
                                           "identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn",
                                                           "value": "536-22-8741"}]}},
    {"resource": {"resourceType": "DocumentReference", "subject": {"reference": "urn:uuid:1"},
                  "content": [{"attachment": {"contentType": "text/plain", "data": "SGk="}}]}},
]}).encode()
SEED_NDJSON = b'{"resourceType":"Patient","id":"1","birthDate":"1980-01-01"}\n' \
              b'{"resourceType":"Condition","subject":{"reference":"Patient/1"}}\n'
SEED_XML = (b'<Bundle xmlns="http://hl7.org/fhir"><entry><resource><Patient><id value="1"/>'
            b'<name><family value="Doe"/></name></Patient></resource></entry></Bundle>')


def _run(reader: Reader, data: bytes, name: str) -> None:
    start = time.perf_counter()
    try:
        for _ in reader.read(blob_of(data, name), ReadContext()):
            pass
    except DocumentError:
        pass
    assert time.perf_counter() - start < 5


def _mutate(seed: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    data = bytearray(seed)
    for pos, length, insert in cuts:
        pos %= max(1, len(data))
        data[pos : pos + length] = insert
    return bytes(data)


MUTATIONS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.binary(max_size=8)), max_size=6)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _run(FhirJsonReader(), b"{" + data, "x.json")
    _run(FhirJsonReader(), data, "x.ndjson")
    _run(FhirXmlReader(), data, "x.xml")


@FUZZ
@given(MUTATIONS)
def test_mutated_json_bundle(cuts: list[tuple[int, int, bytes]]) -> None:
    _run(FhirJsonReader(), _mutate(SEED_JSON, cuts), "b.json")


@FUZZ
@given(MUTATIONS)
def test_mutated_ndjson(cuts: list[tuple[int, int, bytes]]) -> None:
    _run(FhirJsonReader(), _mutate(SEED_NDJSON, cuts), "b.ndjson")


@FUZZ
@given(MUTATIONS)
def test_mutated_xml_bundle(cuts: list[tuple[int, int, bytes]]) -> None:
    _run(FhirXmlReader(), _mutate(SEED_XML, cuts), "b.xml")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.sampled_from(
        ["Patient/1", "urn:uuid:1", "http://hl7.org/fhir/sid/us-ssn", "http://hl7.org/fhir/sid/icd-10-cm",
         "SS"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
        ["reference", "display", "system", "code", "value", "coding", "type", "text", "div", "data",
         "contentType", "given", "family", "line", "city", "note", "identifier", "resourceType"]),
        inner, max_size=4),
    max_leaves=12)
TYPES = st.sampled_from(["Patient", "Coverage", "Condition", "RelatedPerson", "Practitioner",
                         "PractitionerRole", "Claim", "DocumentReference", "Binary", "Bundle",
                         "Organization"])
MEMBERS = st.sampled_from(["name", "identifier", "telecom", "address", "contact", "subject", "patient",
                           "beneficiary", "subscriber", "subscriberId", "content", "entry", "contained",
                           "insurance", "text", "practitioner", "payor", "extension", "period", "data"])


@FUZZ
@given(TYPES, st.dictionaries(MEMBERS, JSON_VALUES, max_size=5))
def test_wrongly_typed_members(rtype: str, members: dict[str, object]) -> None:
    resource = {"resourceType": rtype, "id": "x", **members}
    _run(FhirJsonReader(), json.dumps(resource).encode(), "r.json")
    _run(FhirJsonReader(), json.dumps(resource).encode() + b"\n" + json.dumps(resource).encode(), "r.ndjson")
