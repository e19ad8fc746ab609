"""Grouping findings into person mentions: rows, JSON records, free-text documents."""

from __future__ import annotations

from typing import Any

from phiscope.people.mentions import CONF_NEAREST, CONF_ONE, build_mentions
from tests.people.helpers import row


def text(doc: str, n: int, element: str, value: str, line: int, **extra: Any) -> dict[str, Any]:
    return {"finding_id": f"{doc}-{n}", "doc_sha": doc, "path": f"/{doc}.txt", "element": element,
            "detector_id": extra.pop("detector_id", element), "value": value, "row_key": None, "role": None,
            "column": None, "line": line, "offset": line * 40, "page": None, "json_path": None,
            "flags": extra.pop("flags", None), **extra}


def test_a_row_is_one_mention_and_the_contact_is_context() -> None:
    m, contact = build_mentions(row("t", 1, first="Heather", last="Lee", dob="1977-01-28",
                                    contact="Benjamin Lee"))
    assert contact.role == "emergency_contact" and contact.finding_ids == ["t-1-contact"]
    assert m.kind == "row" and m.confidence == 1.0
    assert (m.identity.name.first, m.identity.name.last, m.identity.dob) == ("heather", "lee", "1977-01-28")
    assert m.context_ids == ["t-1-contact"] and "t-1-contact" not in m.finding_ids


def test_a_letter_about_one_patient_is_one_mention() -> None:
    fs = [text("l", 1, "person_name", "Shannon Garrison", 5, detector_id="provider_name", flags="provider"),
          text("l", 2, "person_name", "Jenny T. Chavez", 6), text("l", 3, "dob", "01/20/2005", 6),
          text("l", 4, "person_name", "Chavez", 8), text("l", 5, "ssn", "299-08-9489", 14)]
    [m] = build_mentions(fs)
    assert m.kind == "document" and m.confidence == CONF_ONE
    assert m.identity.name.first == "jenny" and m.identity.ssn == "299089489"
    assert m.context_ids == ["l-1"]


def test_two_patients_in_one_document_split_by_proximity() -> None:
    fs = [text("d", 1, "person_name", "Ana Lind", 1), text("d", 2, "dob", "1990-01-01", 2),
          text("d", 3, "person_name", "Ben Okafor", 10), text("d", 4, "dob", "1975-06-15", 11)]
    ms = build_mentions(fs)
    assert [(m.identity.name.first, m.identity.dob, m.confidence) for m in ms] == [
        ("ana", "1990-01-01", CONF_NEAREST), ("ben", "1975-06-15", CONF_NEAREST)]


def test_a_nameless_list_splits_by_line() -> None:
    fs = [text("e", 1, "dob", "03/15/2010", 4), text("e", 2, "mrn", "MRN05124256", 4),
          text("e", 3, "dob", "04/17/2016", 5), text("e", 4, "mrn", "MRN05088292", 5)]
    ms = build_mentions(fs)
    assert [(m.identity.dob, m.identity.mrn) for m in ms] == [("2010-03-15", "05124256"),
                                                              ("2016-04-17", "05088292")]


def test_json_records_group_under_the_outer_array_element() -> None:
    fs = [{**f, "json_path": jp, "row_key": rk} for f, jp, rk in [
        (row("j", 1, name="Ana Lind")[0], "$.patients[3]", None),
        (row("j", 2, dob="1990-01-01")[0], "$.patients[3].encounters", "j:$.patients[3].encounters:1"),
        (row("j", 3, name="Ben Okafor")[0], "$.patients[4]", None)]]
    ms = build_mentions(fs)
    assert [(m.kind, m.identity.name.first, m.identity.dob) for m in ms] == [
        ("json", "ana", "1990-01-01"), ("json", "ben", None)]


def test_mention_ids_are_stable() -> None:
    fs = row("t", 1, first="Heather", last="Lee")
    assert build_mentions(fs)[0].mention_id == build_mentions(list(reversed(fs)))[0].mention_id


def test_a_provider_object_inside_a_json_record_is_context() -> None:
    fs = [{**f, "json_path": jp} for f, jp in [
        (row("k", 1, name="Ana Lind")[0], "$.patients[0].name"),
        (row("k", 2, dob="1990-01-01")[0], "$.patients[0].birthDate"),
        (row("k", 3, name="Alex Stewart")[0], "$.patients[0].encounters[1].provider.name"),
        (row("k", 4, phone="2035550147")[0], "$.patients[0].emergencyContact.phone"),
        (row("k", 5, phone="2035550100")[0], "$.patients[0].contactPhone")]]
    for f in fs:
        f["column"], f["row_key"] = None, None
    [m] = build_mentions(fs)
    assert m.identity.name.first == "ana" and m.identity.phones == ("+12035550100",)
    assert sorted(m.context_ids) == ["k-3-name", "k-4-phone"]


def _mail(n: int, element: str, value: str, line: int | None, part: str, column: str | None = None
          ) -> dict[str, Any]:
    f = text("mb", n, element, value, line or 0, mime_part=part, column=column)
    return {**f, "line": line, "offset": 0 if line is None else f["offset"]}


def test_each_message_of_a_mailbox_is_grouped_on_its_own() -> None:
    # the same line numbers in two messages must not put one message's values with the other's name
    fs = [_mail(1, "person_name", "Ana Lind", 2, "msg1/1"), _mail(2, "dob", "1990-01-01", 3, "msg1/1"),
          _mail(3, "person_name", "Ben Okafor", 2, "msg2/1"), _mail(4, "dob", "1975-06-15", 3, "msg2/1")]
    ms = build_mentions(fs)
    assert sorted((m.identity.name.first, m.identity.dob, m.kind) for m in ms) == [
        ("ana", "1990-01-01", "document"), ("ben", "1975-06-15", "document")]


def test_header_addresses_are_people_of_their_own_unless_a_body_surname_owns_them() -> None:
    fs = [_mail(1, "email", "kandersen@clinic.example", None, "msg1/headers", "From"),
          _mail(2, "email", "jwall@clinic.example", None, "msg1/headers", "To"),
          _mail(3, "person_name", "Brian Dunn", 3, "msg1/1"), _mail(4, "dob", "07/08/1994", 3, "msg1/1"),
          _mail(5, "person_name", "Kelly Andersen", 9, "msg1/1"),
          _mail(6, "phone", "8603138061", 11, "msg1/1")]
    ms = {m.identity.name.first or m.identity.emails[0]: m for m in build_mentions(fs)}
    assert set(ms) == {"brian", "kelly", "jwall@clinic.example"}
    assert ms["kelly"].identity.emails == ("kandersen@clinic.example",)
    assert ms["brian"].identity.emails == () and ms["jwall@clinic.example"].kind == "header"


def test_the_builder_streams_rows_and_keeps_rows_without_identity_for_key_joins() -> None:
    """Fed in (document, row key) order, rows are finished as the key changes; the mentions are
    those of the whole list at once, and a row with no identity (a diagnosis keyed by an id)
    is kept aside as (finding id, element, path)."""
    from phiscope.people.mentions import MentionBuilder, stream_order

    fs = [*row("t", 1, first="Ana", last="Lind", dob="1990-01-01"),
          *row("t", 2, first="Ben", last="Okafor"),
          text("n", 1, "person_name", "Cleo Varga", 2), text("n", 2, "dob", "11/30/2001", 2)]
    dx = {**row("t", 3, first="x")[0], "finding_id": "t-3-dx", "element": "icd10_diagnosis",
          "value": "E11.9", "column": "DX"}
    everything = [*fs, dx]
    b = MentionBuilder()
    for f in sorted(everything, key=stream_order):
        b.add(f)
    streamed = b.finish()
    at_once = build_mentions(list(reversed(everything)))
    assert [m.mention_id for m in streamed] == [m.mention_id for m in at_once]
    assert [m.rows for m in streamed if m.kind == "row"] == [("t:1",), ("t:2",)]
    assert b.loose == {("t", "t:3"): [("t-3-dx", "icd10_diagnosis", "/t.csv")]}
    assert b.findings == len(everything)


def test_a_clinic_address_and_its_display_name_are_context_not_a_person() -> None:
    # "Geoffrey Johnson <gjohnson@clinic>" writes about ten patients: his address is the clinic's
    # (seen beside ten birth dates), and his name in that header goes with it
    fs: list[dict[str, Any]] = []
    for i in range(1, 11):
        part = f"msg{i}"
        fs += [_mail(i * 10 + 1, "person_name", "Geoffrey Johnson", None, f"{part}/headers", "From"),
               _mail(i * 10 + 2, "email", "gjohnson@clinic.example", None, f"{part}/headers", "From"),
               _mail(i * 10 + 3, "person_name", f"Ann Lee{'x' * i}", 3, f"{part}/1"),
               _mail(i * 10 + 4, "dob", f"1990-01-{i:02d}", 3, f"{part}/1")]
    ms = build_mentions(fs)
    assert len(ms) == 10 and all(m.identity.name.first == "ann" for m in ms)
    context = {c for m in ms for c in m.context_ids}
    assert {f"mb-{i * 10 + k}" for i in range(1, 11) for k in (1, 2)} <= context


def test_a_display_name_never_joins_the_next_headers_address() -> None:
    fs = [_mail(1, "person_name", "Ann Lee", None, "msg1/headers", "Cc"),  # her address was not read
          _mail(2, "email", "bob@example.org", None, "msg1/headers", "To")]
    assert sorted((m.identity.name.first or "", tuple(m.identity.emails)) for m in build_mentions(fs)) == [
        ("", ("bob@example.org",)), ("ann", ())]


def test_a_name_coming_back_in_a_list_is_another_entry() -> None:
    """Two help-desk tickets of two José Thompsons, other tickets between them: two mentions, each
    with its own address; in a document of two subjects a name coming back stays one person."""
    fs = [text("h", 1, "person_name", "José Thompson", 1), text("h", 2, "email", "thompsonj@gmail.com", 1),
          text("h", 3, "person_name", "Lauren Cortez", 10), text("h", 4, "email", "cortezk@aol.com", 10),
          text("h", 5, "person_name", "Ana Lind", 15), text("h", 6, "email", "alind@aol.com", 15),
          text("h", 7, "person_name", "José Thompson", 20),
          text("h", 8, "email", "patricia1976@gmail.com", 20)]
    ms = build_mentions(fs)
    assert [(m.identity.name.first, m.identity.emails) for m in ms] == [
        ("jose", ("thompsonj@gmail.com",)), ("lauren", ("cortezk@aol.com",)), ("ana", ("alind@aol.com",)),
        ("jose", ("patricia1976@gmail.com",))]
    two = [f for f in fs if f["finding_id"] not in ("h-3", "h-4")]
    ms = build_mentions(two)
    assert sorted((m.identity.name.first, len(m.finding_ids)) for m in ms) == [("ana", 2), ("jose", 4)]
