"""Held mentions: a weak mention that fits two clashing people joins neither, and re-clustering only
the touched clusters gives what re-clustering everything would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from phiscope.people.ambiguity import ambiguous, cluster_unambiguous, personless, weak
from phiscope.people.cluster import AMBIGUOUS, Thresholds, cluster_pairs
from phiscope.people.mentions import build_mentions
from phiscope.people.table import linkage_rows
from tests.people.test_mentions import text


def _row(**values: str) -> dict[str, Any]:
    cols = ("first_name", "last_name", "dob", "ssn", "mrn", "member_id", "member_ids", "phone", "suffix")
    return {c: values.get(c) for c in cols}


ROWS = {"a1": _row(first_name="emma", last_name="quist", dob="2011-05-05", phone="p"),
        "a2": _row(first_name="olivia", last_name="quist", dob="2011-05-05", phone="p"),
        "x": _row(dob="2011-05-05", phone="p"),  # an appointment row: fits both twins
        "b1": _row(first_name="ben", last_name="okafor", dob="1975-06-15"),
        "b2": _row(first_name="ben", last_name="okafor", dob="1975-06-15", phone="q"),
        "b3": _row(phone="q")}
LEFT = ["a1", "a2", "a1", "b1", "b2"]
RIGHT = ["x", "x", "a2", "b2", "b3"]
PROB = [0.99, 0.98, 0.97, 0.99, 0.96]


def test_weak_means_no_identifier_and_not_a_full_name_with_a_birth_date() -> None:
    assert weak(ROWS["x"]) and weak(ROWS["b3"])
    assert not weak(ROWS["a1"]) and not weak(_row(mrn="1")) and not weak(_row(member_ids=["M1"]))


def test_a_row_that_fits_both_twins_is_held_and_joins_neither() -> None:
    clusters, decisions, held = cluster_unambiguous(ROWS, LEFT, RIGHT, PROB, Thresholds())
    assert held == {"x"}
    people = sorted(sorted(ms) for ms in clusters.values())
    assert people == [["a1"], ["a2"], ["b1", "b2", "b3"], ["x"]]
    assert {(LEFT[i], RIGHT[i]): why for i, _, why, _ in decisions}[("a1", "x")] == AMBIGUOUS
    # one of the twins, not a third person: the resolution gives it no person
    assert personless(held, LEFT, RIGHT, decisions, clusters) == {"x"}


def test_reclustering_the_touched_clusters_equals_reclustering_everything() -> None:
    clusters, decisions, held = cluster_unambiguous(ROWS, LEFT, RIGHT, PROB, Thresholds())
    full_clusters, full_decisions = cluster_pairs(ROWS, LEFT, RIGHT, PROB, Thresholds(), hold=held)
    assert sorted(map(sorted, clusters.values())) == sorted(map(sorted, full_clusters.values()))
    assert decisions == full_decisions


def test_nothing_is_held_without_a_clash() -> None:
    first, decisions = cluster_pairs(ROWS, LEFT[3:], RIGHT[3:], PROB[3:], Thresholds())
    assert ambiguous(ROWS, LEFT[3:], RIGHT[3:], decisions, first) == set()



def test_a_next_of_kin_named_like_father_and_infant_son_joins_the_father() -> None:
    """A child is nobody's next of kin: the minor's cluster clashes with a contact person (``minor``),
    so the NOK fits one person only and is not held."""
    line = {"phones": ["p"]}
    rows = {"dad": {**_row(first_name="kevin", last_name="stein", dob="1985-02-03"), **line, "minor": False},
            "son": {**_row(first_name="kevin", last_name="stein", dob="2023-06-20", suffix="ii"), **line,
                    "minor": True},
            "nok": {**_row(first_name="kevin", last_name="stein"), **line, "contact": True}}
    clusters, decisions, held = cluster_unambiguous(rows, ["dad", "nok"], ["nok", "son"], [0.99, 0.99],
                                                    Thresholds())
    assert held == set()
    assert sorted(sorted(ms) for ms in clusters.values()) == [["dad", "nok"], ["son"]]
    assert [why for _, _, why, _ in decisions] == [None, "minor"]


def test_an_infant_under_one_is_a_minor_in_the_linkage_rows() -> None:
    fs = [text("baby", 1, "person_name", "Kevin Stein", 1), text("baby", 2, "dob", "2026-05-01", 1)]
    [row] = linkage_rows(build_mentions(fs), dt.date(2026, 11, 27)).values()
    assert row["minor"] is True  # 0 years old


def _household() -> dict[str, dict[str, Any]]:
    line = {"phones": ["p"]}
    return {"dad": {**_row(first_name="kevin", last_name="stein", dob="1985-02-03", mrn="1"), **line},
            "son": {**_row(first_name="kevin", last_name="stein", dob="2023-06-20", mrn="2"), **line,
                    "minor": True},
            "son_event": {**_row(first_name="kevin", last_name="stein", mrn="2"), **line},  # no birth date
            "nok": {**_row(first_name="kevin", last_name="stein"), **line, "contact": True}}


def test_a_cluster_the_mention_clashes_with_is_no_candidate() -> None:
    """The NOK pairs with a mention of the infant that gives no birth date: that mention is no minor,
    but its cluster holds one, so the NOK can never join it and is not ambiguous."""
    rows = _household()
    left, right = ["son", "dad", "nok"], ["son_event", "nok", "son_event"]
    clusters, _, held = cluster_unambiguous(rows, left, right, [0.999, 0.99, 0.99], Thresholds())
    assert held == set()
    assert sorted(sorted(ms) for ms in clusters.values()) == [["dad", "nok"], ["son", "son_event"]]


def test_a_next_of_kin_named_like_father_and_adult_son_is_held_and_personless() -> None:
    rows = _household()
    rows["son"] = {**rows["son"], "dob": "2001-06-20", "minor": False}
    left, right = ["son", "dad", "nok"], ["son_event", "nok", "son_event"]
    clusters, decisions, held = cluster_unambiguous(rows, left, right, [0.999, 0.99, 0.99], Thresholds())
    assert held == {"nok"}
    assert sorted(sorted(ms) for ms in clusters.values()) == [["dad"], ["nok"], ["son", "son_event"]]
    assert personless(held, left, right, decisions, clusters) == {"nok"}


Pairs = tuple[dict[str, dict[str, Any]], list[str], list[str], list[float]]


def _ticket(ticket_email: str, kathy_email: str, first: float = 0.99) -> Pairs:
    """A help-desk ticket "Kathy Mills <…>" (name and e-mail only) beside Katherine Mills (whose
    address is k1) and another Kathy Mills; ``first``: the ticket's pair with Katherine."""
    rows = {"kath": {**_row(first_name="katherine", last_name="mills", dob="1996-03-03"), "emails": ["k1"]},
            "kath2": {**_row(first_name="katherine", last_name="mills", dob="1996-03-03", mrn="7")},
            "kathy": {**_row(first_name="kathy", last_name="mills", dob="1991-11-12"),
                      "emails": [kathy_email]},
            "ticket": {**_row(first_name="kathy", last_name="mills"), "emails": [ticket_email]}}
    return rows, ["kath", "ticket", "ticket"], ["kath2", "kath", "kathy"], [0.999, first, 0.98]


def test_a_mention_sharing_an_address_with_only_the_person_it_joined_stays_there() -> None:
    rows, left, right, prob = _ticket("k1", "k2")
    clusters, decisions, held = cluster_unambiguous(rows, left, right, prob, Thresholds())
    assert held == set()
    assert sorted(sorted(ms) for ms in clusters.values()) == [["kath", "kath2", "ticket"], ["kathy"]]
    assert [why for _, _, why, _ in decisions] == [None, None, "cluster"]


def test_an_address_both_people_hold_or_only_the_other_holds_keeps_it_held() -> None:
    for ticket, kathy, first in (("k1", "k1", 0.99), ("k2", "k2", 0.99)):  # both hold it / only Kathy
        rows, left, right, prob = _ticket(ticket, kathy, first)
        clusters, _, held = cluster_unambiguous(rows, left, right, prob, Thresholds())
        assert held == {"ticket"}, (ticket, kathy)
        assert ["ticket"] in [sorted(ms) for ms in clusters.values()]
