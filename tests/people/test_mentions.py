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
    [m] = build_mentions(row("t", 1, first="Heather", last="Lee", dob="1977-01-28", contact="Benjamin Lee"))
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
