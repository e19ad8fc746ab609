"""Where a value was read decides what it says about a person: letterheads, the people of one HL7
message, one e-mail and its attachment, FHIR-style name parts, coverage ids."""

from __future__ import annotations

from typing import Any

import pytest

from phiscope.people.identity import build_identity, is_other_person
from phiscope.people.mentions import build_mentions
from phiscope.people.resolve import resolve_findings
from phiscope.people.shared import SHARED_VALUE_PEOPLE, shared_values
from tests.people.helpers import filler, row


def text(doc: str, path: str, n: int, line: int, element: str, value: str, **extra: Any) -> dict[str, Any]:
    """One free-text finding."""
    return {"finding_id": f"{doc}-{n}", "doc_sha": doc, "path": path, "element": element,
            "detector_id": element, "value": value, "row_key": None, "role": None, "column": None,
            "line": line, "offset": line * 80, "page": 1, "json_path": None, "flags": None, **extra}


def record(doc: str, key: str, role: str, **values: str) -> list[dict[str, Any]]:
    """Findings of one structured record (an HL7 segment's person)."""
    elements = {"name": "person_name", "dob": "dob", "phone": "phone", "mrn": "mrn"}
    return [{"finding_id": f"{doc}-{key}-{k}", "doc_sha": doc, "path": f"/{doc}.hl7", "element": elements[k],
             "detector_id": elements[k], "value": v, "row_key": f"{doc}:{key}", "role": role, "column": k,
             "line": None, "offset": 0, "page": None, "json_path": None, "flags": None}
            for k, v in values.items()]


def letter(i: int) -> list[dict[str, Any]]:
    """A visit summary: the clinic's letterhead (address, phone), then one patient (DOB, MRN, phone)."""
    doc, path = f"visit{i}", f"/visits/summary_{i}.pdf"
    return [text(doc, path, 1, 1, "street_address", "44 Center Court"),
            text(doc, path, 2, 1, "city_state_zip", "Hartford, CT 06103"),
            text(doc, path, 3, 2, "phone", "860-279-1694"),
            text(doc, path, 4, 4, "dob", f"19{50 + i}-03-0{1 + i % 9}"),
            text(doc, path, 5, 4, "mrn", f"MRN{70000000 + i}"),
            text(doc, path, 6, 14, "phone", f"203-555-{1000 + i:04d}")]


LETTERS = [f for i in range(SHARED_VALUE_PEOPLE + 2) for f in letter(i)]
HL7 = [*record("adt", "msg1/PID", "patient", name="RUBEN JOHNSON", dob="2007-04-18", mrn="47323025",
               phone="203-826-1107"),
       *record("adt", "msg1/NK1", "next_of_kin", name="RUBEN JOHNSON", phone="203-826-1107"),
       # the same son in a table: name, DOB, phone
       *row("ehr", 500, first="Ruben", last="Johnson", dob="2007-04-18", phone="203-826-1107",
            mrn="47323025")]
MAIL = [text("mail1", "/mail/thread_1.eml", 1, 3, "dob", "7/12/1987"),
        *[dict(f, doc_sha="att1", path="/mail/thread_1.eml!/referral.docx") for f in [
            text("att1", "", 1, 2, "person_name", "Scott F. Thompson", column="Patient"),
            text("att1", "", 2, 2, "dob", "07/12/1987"),
            text("att1", "", 3, 3, "ssn", "828-82-6442")]],
        *row("ehr", 501, first="Scott", last="Thompson", dob="1987-07-12", ssn="828-82-6442")]


@pytest.fixture(scope="module")
def people() -> dict[str, str]:
    """finding id -> person (root mention id), context findings left out."""
    findings = filler() + LETTERS + HL7 + MAIL
    _, clusters, _ = resolve_findings(findings)
    owner = {mid: root for root, members in clusters.items() for mid in members}
    return {f: owner[m.mention_id] for m in build_mentions(findings) for f in m.finding_ids}


def test_a_letterhead_is_context_not_the_patient(people: dict[str, str]) -> None:
    assert "visit0-3" not in people and "visit0-1" not in people  # the clinic's phone and address
    assert people["visit0-4"] == people["visit0-6"]  # the patient's DOB and own phone: one mention
    assert len({people[f"visit{i}-4"] for i in range(SHARED_VALUE_PEOPLE + 2)}) == SHARED_VALUE_PEOPLE + 2


def test_a_letterhead_still_counts_as_exposed_in_that_document() -> None:
    m = next(m for m in build_mentions(LETTERS) if m.doc_sha == "visit0")
    assert "street_address" in m.elements and "visit0-1" in m.context_ids
    assert m.identity.phones == ("+12035551000",) and m.identity.address.street is None


def test_a_value_on_a_few_peoples_documents_is_not_a_letterhead() -> None:
    def units(n: int) -> list[list[dict[str, Any]]]:
        return [letter(i) for i in range(n)]

    letterhead = {("phone", "8602791694"), ("street_address", "44 CENTER COURT"),
                  ("city_state_zip", "HARTFORD CT 06103")}
    assert shared_values(units(SHARED_VALUE_PEOPLE)) == letterhead
    assert shared_values(units(SHARED_VALUE_PEOPLE - 1)) == frozenset()


def test_the_next_of_kin_of_a_message_is_never_its_patient(people: dict[str, str]) -> None:
    assert people["adt-msg1/PID-dob"] == people["ehr-500-dob"]
    assert people["adt-msg1/NK1-name"] != people["adt-msg1/PID-name"]


def test_an_email_body_joins_its_attachment_on_the_birth_date(people: dict[str, str]) -> None:
    assert people["mail1-1"] == people["att1-2"] == people["ehr-501-dob"]


def test_json_name_parts_are_first_and_last_name() -> None:
    def part(key: str, value: str) -> dict[str, Any]:
        return {"element": "person_name", "value": value, "json_path": f"$.patients[5].name.{key}"}

    i = build_identity([part("given[0]", "Tasha"), part("family", "Taylor")])
    assert (i.name.first, i.name.last) == ("tasha", "taylor")
    full = build_identity([{"element": "person_name", "value": "Tasha Taylor", "column": "FullName"}])
    assert (full.name.first, full.name.last) == ("tasha", "taylor")


def test_every_coverage_id_is_kept_health_plan_first() -> None:
    fs = [{"element": "medicaid_id", "value": "CT469193459", "column": "Medicaid ID"},
          {"element": "health_plan_member_id", "value": "SZY130659140", "column": "Member ID"}]
    i = build_identity(fs)
    assert i.member_ids == ("SZY130659140", "CT469193459") and i.member_id == "SZY130659140"


def test_a_subscriber_id_column_is_the_patients_coverage_id() -> None:
    assert not is_other_person({"element": "health_plan_member_id", "column": "Subscriber ID"})
    assert is_other_person({"element": "person_name", "column": "Subscriber Name"})
    assert is_other_person({"element": "health_plan_member_id", "column": "Guarantor ID"})


def test_a_claim_row_keyed_by_the_second_coverage_id_joins_its_patient() -> None:
    def cell(doc: str, n: int, element: str, column: str, value: str) -> dict[str, Any]:
        return {"finding_id": f"{doc}-{n}-{column}", "doc_sha": doc, "path": f"/{doc}.csv",
                "element": element, "detector_id": element, "value": value, "row_key": f"{doc}:{n}",
                "role": None, "column": column, "line": None, "offset": 0, "page": None, "json_path": None,
                "flags": None}

    patient = [*row("reg", 1, first="Sean", last="Turner", dob="2022-04-07"),
               cell("reg", 1, "medicaid_id", "Medicaid ID", "CT469193459"),
               cell("reg", 1, "health_plan_member_id", "Member ID", "SZY130659140")]
    claim = [cell("claims", 7, "health_plan_member_id", "MEMBERID", "SZY130659140")]
    mentions, clusters, _ = resolve_findings(filler() + patient + claim)
    owner = {mid: root for root, members in clusters.items() for mid in members}
    by_doc = {m.doc_sha: m.mention_id for m in mentions if m.doc_sha in ("reg", "claims")}
    assert owner[by_doc["reg"]] == owner[by_doc["claims"]]


def test_a_rows_emergency_contact_is_a_person_of_their_own() -> None:
    fs = row("reg", 7, first="Heather", last="Lee", dob="1977-01-28", phone="860-555-0170",
             contact="Benjamin Lee")
    fs.append({**fs[0], "finding_id": "reg-7-ecphone", "element": "phone", "value": "860-555-0171",
               "column": "EC Phone"})
    subject, contact = build_mentions(fs)
    assert subject.role is None and "reg-7-contact" in subject.context_ids
    assert contact.role == "emergency_contact"
    assert sorted(contact.finding_ids) == ["reg-7-contact", "reg-7-ecphone"]
    assert (contact.identity.name.first, contact.identity.phones) == ("benjamin", ("+18605550171",))


def test_a_contact_named_like_a_patient_needs_more_than_the_name() -> None:
    """A mother listed as the emergency contact of a row, with the name of a patient (her daughter)
    but another phone, stays apart from that patient; with the patient's phone it would join."""
    mother = [*row("reg", 8, first="Dana", last="Mercado", dob="2010-03-17", phone="802-555-0101",
                   contact="Patricia Mercado")]
    mother.append({**mother[0], "finding_id": "reg-8-ecphone", "element": "phone",
                   "value": "802-555-0199", "column": "EC Phone"})
    patient = row("ehr", 9, first="Patricia", last="Mercado", dob="1985-06-02", phone="802-555-0150",
                  ssn="401-55-1234")
    findings = filler() + mother + patient
    mentions, clusters, _ = resolve_findings(findings)
    owner = {mid: root for root, members in clusters.items() for mid in members}
    contact = next(m for m in mentions if m.role == "emergency_contact")
    holder = next(m for m in mentions if m.key == "ehr:9")
    assert owner[contact.mention_id] != owner[holder.mention_id]


def test_a_fhir_patients_contact_is_a_person_of_their_own() -> None:
    """``Patient.contact`` is its own next-of-kin record: its "Patient.contact.name" column names the
    record's subject (not someone else), and the patient and their contact never merge."""
    def fhir(key: str, role: str, column: str, path: str, **values: str) -> list[dict[str, Any]]:
        return [{**f, "column": f"{column}.{f['column']}", "json_path": f"$.{path}{f['column']}",
                 "path": "/fhir/Patient.ndjson"} for f in record("pt", key, role, **values)]

    fs = [*fhir("Patient/p1", "patient", "Patient", "", name="Ruben Johnson", dob="2007-04-18",
                phone="203-826-1107"),
          *fhir("Patient/p1/contact[0]", "next_of_kin", "Patient.contact", "contact[0].",
                name="Ruben Johnson", phone="203-826-1107")]
    mentions, clusters, _ = resolve_findings(filler() + fs)
    contact = next(m for m in mentions if m.role == "next_of_kin")
    patient = next(m for m in mentions if m.role == "patient" and m.doc_sha == "pt")
    assert sorted(contact.finding_ids) == ["pt-Patient/p1/contact[0]-name", "pt-Patient/p1/contact[0]-phone"]
    assert (contact.identity.name.first, contact.identity.phones) == ("ruben", ("+12038261107",))
    owner = {mid: root for root, members in clusters.items() for mid in members}
    assert owner[contact.mention_id] != owner[patient.mention_id]
