"""A poor group of mentions (no DOB, SSN or MRN) whose review-band pairs all point into one known
person joins that person; two candidates, a conflict or a cannot-link keep it apart."""

from __future__ import annotations

from typing import Any

from phiscope.people.ambiguity import cluster_unambiguous
from phiscope.people.cluster import Decision, Reviewed, Thresholds
from phiscope.people.rowtable import RowTable
from phiscope.people.rule_links import by_id
from phiscope.people.sole import SOLE, name_links, sole_candidates


def _row(**values: str) -> dict[str, Any]:
    cols = ("first_name", "last_name", "dob", "ssn", "mrn", "member_id", "member_ids", "phone", "suffix")
    return {**{c: values.get(c) for c in cols}, "structured": values.get("structured", True)}


def _name_links(rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The same-name pairs, naming mentions by id."""
    return by_id(name_links(rows, Thresholds().review), RowTable.from_rows(rows).ids)


def _people(rows: dict[str, dict[str, Any]], left: list[str], right: list[str], prob: list[float],
            reviewed: Reviewed | None = None) -> tuple[list[list[str]], list[Decision]]:
    rev = reviewed or Reviewed()
    clusters, decisions, held = cluster_unambiguous(rows, left, right, prob, Thresholds(), rev)
    clusters, decisions, _ = sole_candidates(rows, left, right, decisions, clusters, rev, held)
    return sorted(sorted(ms) for ms in clusters.values()), decisions


# a patient known from two exports, an 835 remittance and a claims row of the remittance's member id
ROWS = {"p1": _row(first_name="christina", last_name="hunter", dob="1980-01-02", ssn="111223333"),
        "p2": _row(first_name="christina", last_name="hunter", dob="1980-01-02"),
        "r": _row(first_name="christina", last_name="hunter", member_id="OKV1"),
        "c": _row(member_id="OKV1")}
LEFT = ["p1", "r", "p1", "p2"]
RIGHT = ["p2", "c", "r", "r"]
PROB = [0.99, 0.99, 0.93, 0.93]


def test_a_remittance_with_only_one_candidate_joins_the_known_patient() -> None:
    people, decisions = _people(ROWS, LEFT, RIGHT, PROB)
    assert people == [["c", "p1", "p2", "r"]]
    by_pair = {(LEFT[i], RIGHT[i]): (band, merged) for i, band, _, merged in decisions}
    assert by_pair[("p1", "r")] == (SOLE, True)


def test_two_candidates_keep_it_apart() -> None:
    rows = {**ROWS, "q": _row(first_name="christina", last_name="hunter", dob="1955-07-08", ssn="999887777")}
    people, _ = _people(rows, [*LEFT, "q"], [*RIGHT, "r"], [*PROB, 0.93])
    assert people == [["c", "r"], ["p1", "p2"], ["q"]]


def test_a_group_holding_a_birth_date_is_not_poor() -> None:
    rows = {**ROWS, "c": _row(member_id="OKV1", dob="1999-09-09")}  # a DOB: Splink's score stands
    people, _ = _people(rows, LEFT, RIGHT, PROB)
    assert people == [["c", "r"], ["p1", "p2"]]


def test_a_cannot_link_or_a_conflict_keeps_it_apart() -> None:
    people, _ = _people(ROWS, LEFT, RIGHT, PROB, Reviewed(cannot=(("c", "p1"),)))
    assert people == [["c", "r"], ["p1", "p2"]]
    rows = {**ROWS, "c": _row(member_id="OKV1", suffix="jr"), "p2": {**ROWS["p2"], "suffix": "sr"}}
    people, _ = _people(rows, LEFT, RIGHT, PROB)
    assert people == [["c", "r"], ["p1", "p2"]]


def test_free_text_and_contacts_are_never_poor() -> None:
    for extra in ({"structured": False}, {"contact": True}):  # a mail header's "Name <address>"; an NOK
        rows = {**ROWS, "r": {**ROWS["r"], **extra}, "c": {**ROWS["c"], **extra}}
        people, _ = _people(rows, LEFT, RIGHT, PROB)
        assert ["p1", "p2"] in people


def test_two_poor_groups_do_not_join_each_other() -> None:
    rows = {"a": _row(first_name="ann", last_name="lee", member_id="M1"),
            "b": _row(first_name="ann", last_name="lee", phone="5550100")}
    people, _ = _people(rows, ["a"], ["b"], [0.9])
    assert people == [["a"], ["b"]]


def test_a_common_name_held_by_one_known_person_is_found_by_name() -> None:
    """Splink scores "Timothy Johnson" under the review band (a common surname); the case knows one."""
    rows = {"p1": _row(first_name="timothy", last_name="johnson", dob="1991-12-23", ssn="123456789"),
            "r": _row(first_name="timothy", last_name="johnson", member_id="KSO7"),
            "x": _row(first_name="maria", last_name="johnson", dob="1940-07-05")}
    links = _name_links(rows)
    assert [(p["unique_id_l"], p["unique_id_r"]) for p in links] == [("r", "p1")]
    people, _ = _people(rows, [p["unique_id_l"] for p in links], [p["unique_id_r"] for p in links],
                        [p["match_probability"] for p in links])
    assert people == [["p1", "r"], ["x"]]
    twin = {**rows, "p2": _row(first_name="timothy", last_name="johnson", dob="1960-01-01")}
    links = _name_links(twin)
    people, _ = _people(twin, [p["unique_id_l"] for p in links], [p["unique_id_r"] for p in links],
                        [p["match_probability"] for p in links])
    assert ["r"] in people  # two Timothy Johnsons: a review item, not a guess


def test_a_mention_that_fits_two_known_people_is_unattributed() -> None:
    rows = {"p1": _row(first_name="andrea", last_name="jones", dob="1970-01-01"),
            "p2": _row(first_name="andrea", last_name="jones", dob="1988-08-08"),
            "pay": _row(first_name="andrea", last_name="jones")}  # a payment row: a name and a card
    links = _name_links(rows)
    left, right = [p["unique_id_l"] for p in links], [p["unique_id_r"] for p in links]
    prob = [p["match_probability"] for p in links]
    clusters, decisions, held = cluster_unambiguous(rows, left, right, prob, Thresholds(), Reviewed())
    clusters, _, unattributed = sole_candidates(rows, left, right, decisions, clusters, Reviewed(), held)
    assert unattributed == {"pay"}
    assert sorted(sorted(ms) for ms in clusters.values()) == [["p1"], ["p2"], ["pay"]]  # resolve drops it


def test_a_name_too_common_to_look_up_is_unattributed_not_a_person(monkeypatch: Any) -> None:
    import phiscope.people.sole as sole

    monkeypatch.setattr(sole, "MAX_NAMESAKES", 2)
    rows = {f"p{n}": _row(first_name="james", last_name="smith", dob=f"19{50 + n}-01-01") for n in range(3)}
    rows |= {"pay": _row(first_name="james", last_name="smith"),  # a payment row: a name and a card
             "rare": _row(first_name="ilse", last_name="quade"),
             "k": _row(first_name="ilse", last_name="quade", dob="1977-07-07")}
    links = _name_links(rows)  # the rare name is looked up, the common one is not
    assert [(p["unique_id_l"], p["unique_id_r"]) for p in links] == [("rare", "k")]
    crowded = sole.same_name(rows, Thresholds().review)[1]
    assert RowTable.from_rows(rows).ids.take(crowded).to_pylist() == ["pay"]
    clusters, decisions, held = cluster_unambiguous(rows, [], [], [], Thresholds(), Reviewed())
    _, _, unattributed = sole_candidates(rows, [], [], decisions, clusters, Reviewed(), held,
                                         several={"pay"})
    assert unattributed == {"pay"}


def _decide(rows: dict[str, dict[str, Any]], left: list[str], right: list[str], prob: list[float]
            ) -> tuple[list[list[str]], set[str]]:
    clusters, decisions, held = cluster_unambiguous(rows, left, right, prob, Thresholds(), Reviewed())
    clusters, _, unattributed = sole_candidates(rows, left, right, decisions, clusters, Reviewed(), held)
    return sorted(sorted(ms) for ms in clusters.values()), unattributed


def _by_name(rows: dict[str, dict[str, Any]]) -> tuple[list[str], list[str], list[float]]:
    links = _name_links(rows)
    return ([p["unique_id_l"] for p in links], [p["unique_id_r"] for p in links],
            [p["match_probability"] for p in links])


def test_a_middle_initial_tells_namesakes_apart() -> None:
    """An 835 "JOHN K MURPHY": of the case's John K and John R Murphy, John K."""
    rows = {"k": {**_row(first_name="john", last_name="murphy", dob="1970-01-01"), "middle_initial": "k"},
            "r": {**_row(first_name="john", last_name="murphy", dob="1988-08-08"), "middle_initial": "r"},
            "remit": {**_row(first_name="john", last_name="murphy", member_id="QC1"), "middle_initial": "k"}}
    left, right, prob = _by_name(rows)
    assert list(zip(left, right, strict=True)) == [("remit", "k")]
    people, unattributed = _decide(rows, left, right, prob)
    assert ["k", "remit"] in people and not unattributed
    # no initial on the remittance: both fit, a review item as before
    rows["remit"] = _row(first_name="john", last_name="murphy", member_id="QC1")
    left, right, prob = _by_name(rows)
    assert sorted(right) == ["k", "r"]
    people, unattributed = _decide(rows, left, right, prob)
    assert unattributed == {"remit"}


def test_a_namesake_that_never_shows_an_initial_still_fits() -> None:
    rows = {"k": {**_row(first_name="john", last_name="murphy", dob="1970-01-01"), "middle_initial": "k"},
            "n": _row(first_name="john", last_name="murphy", dob="1988-08-08"),
            "remit": {**_row(first_name="john", last_name="murphy", member_id="QC1"), "middle_initial": "k"}}
    _, unattributed = _decide(rows, *_by_name(rows))
    assert unattributed == {"remit"}


def test_splink_pairs_to_a_namesake_with_another_initial_are_no_candidates() -> None:
    rows = {"k": {**_row(first_name="jon", last_name="murphy", dob="1970-01-01"), "middle_initial": "k"},
            "r": {**_row(first_name="john", last_name="murphy", dob="1988-08-08"), "middle_initial": "r"},
            "remit": {**_row(first_name="john", last_name="murphy", member_id="QC1"), "middle_initial": "k"}}
    people, unattributed = _decide(rows, ["remit", "remit"], ["k", "r"], [0.6, 0.9])
    assert ["k", "remit"] in people and not unattributed
    rows["remit"]["middle_initial"] = "x"  # fits neither: a person of its own, as with no candidate
    people, unattributed = _decide(rows, ["remit", "remit"], ["k", "r"], [0.6, 0.9])
    assert ["remit"] in people and not unattributed


def test_only_namesakes_with_a_fitting_initial_crowd_a_name(monkeypatch: Any) -> None:
    import phiscope.people.sole as sole

    monkeypatch.setattr(sole, "MAX_NAMESAKES", 2)
    rows = {f"p{c}": {**_row(first_name="james", last_name="smith", dob=f"19{50 + n}-01-01"),
                      "middle_initial": c} for n, c in enumerate("abc")}
    rows["pay"] = {**_row(first_name="james", last_name="smith"), "middle_initial": "b"}
    left, right, _ = _by_name(rows)
    assert list(zip(left, right, strict=True)) == [("pay", "pb")]
    assert not len(sole.same_name(rows, Thresholds().review)[1])
    rows["pay"]["middle_initial"] = None  # all three fit: too common to look up
    assert not _name_links(rows)
    crowded = sole.same_name(rows, Thresholds().review)[1]
    assert RowTable.from_rows(rows).ids.take(crowded).to_pylist() == ["pay"]


def test_an_initial_holds_for_the_rows_sharing_its_birth_date_ssn_or_mrn() -> None:
    """Michael M Cox's billing row (DOB and MRN, no initial) is still no Michael T Cox."""
    rows = {"ehr_m": {**_row(first_name="michael", last_name="cox", dob="1950-05-05", mrn="M1"),
                      "middle_initial": "m"},
            "bill_m": _row(first_name="michael", last_name="cox", mrn="M1"),
            "ehr_t": {**_row(first_name="michael", last_name="cox", dob="1977-07-07", ssn="412550199"),
                      "middle_initial": "t"},
            "lab_t": _row(first_name="michael", last_name="cox", ssn="412550199"),
            "remit": {**_row(first_name="michael", last_name="cox", member_id="QC1"), "middle_initial": "t"}}
    left, right, _ = _by_name(rows)
    assert sorted(right) == ["ehr_t", "lab_t"] and set(left) == {"remit"}
