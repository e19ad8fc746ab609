"""Person-level metrics: a wrong merge, a split person, B-cubed by hand, types exactness."""

from __future__ import annotations

import pytest

from phiscope.eval.evaluate import NO_PEOPLE_YET, evaluate_case
from phiscope.eval.normalize import Normalizer
from phiscope.eval.people import (
    bcubed,
    false_merge_rate,
    majority,
    person_recall,
    person_scores,
    split_rate,
    types_exact,
)
from tests.eval.helpers import doc_paths, finding, occ, value_truth

TRUTH = {"ann": {"a1", "a2", "a3"}, "bob": {"b1", "b2"}, "cy": {"c1"}}


def test_perfect_clustering() -> None:
    pred = {"k1": {"a1", "a2", "a3"}, "k2": {"b1", "b2"}, "k3": {"c1"}}
    assert bcubed(TRUTH, pred) == (1.0, 1.0, 1.0)
    assert (false_merge_rate(TRUTH, pred), split_rate(TRUTH, pred), person_recall(TRUTH, pred)) == (
        0.0,
        0.0,
        1.0,
    )


def test_wrong_merge() -> None:
    pred = {"k1": {"a1", "a2", "a3", "b1", "b2"}, "k3": {"c1"}}
    p, r, f = bcubed(TRUTH, pred)
    # ann's mentions: 3/5 precision each; bob's: 2/5; cy: 1 -> (9/5 + 4/5 + 1) / 6
    assert p == round((3 * 3 / 5 + 2 * 2 / 5 + 1) / 6, 4) and r == 1.0
    assert f == round(2 * p * r / (p + r), 4)
    assert false_merge_rate(TRUTH, pred) == 0.5  # one of two clusters mixes people
    assert split_rate(TRUTH, pred) == 0.0
    assert person_recall(TRUTH, pred) == round(2 / 3, 4)  # bob is nobody's majority


def test_split_person() -> None:
    pred = {"k1": {"a1"}, "k2": {"a2", "a3"}, "k3": {"b1", "b2"}, "k4": {"c1"}}
    p, r, _ = bcubed(TRUTH, pred)
    assert p == 1.0 and r == round((1 / 3 + 2 * 2 / 3 + 2 + 1) / 6, 4)
    assert split_rate(TRUTH, pred) == round(1 / 3, 4) and false_merge_rate(TRUTH, pred) == 0.0
    assert person_recall(TRUTH, pred) == 1.0


def test_unmatched_mentions_and_ties() -> None:
    pred = {"k1": {"a1", "b1", "fp"}, "k2": {"zz"}}  # fp/zz: findings that match no true value
    assert majority({"a1", "b1", "fp"}, {"a1": "ann", "b1": "bob"}) == "ann"  # tie -> smallest id
    assert majority({"zz"}, {"a1": "ann"}) is None
    p, r, _ = bcubed(TRUTH, pred)  # over a1 and b1 only
    assert (p, r) == (0.5, 1.0)
    assert bcubed(TRUTH, {"k": {"zz"}}) == (None, None, None)
    with pytest.raises(ValueError):
        bcubed(TRUTH, {"k1": {"a1"}, "k2": {"a1"}})


def test_types_exactness() -> None:
    true_types = {"ann": {"ssn", "dob"}, "bob": {"mrn"}, "cy": {"email"}}
    pred = {"k1": {"a1"}, "k2": {"a2"}, "k3": {"b1", "b2"}}
    pred_types = {"k1": {"ssn"}, "k2": {"dob"}, "k3": {"mrn", "phone"}}
    # ann: union of her two clusters is exact; bob has an extra type; cy has no cluster
    assert types_exact(TRUTH, pred, true_types, pred_types) == round(1 / 3, 4)
    score = person_scores(TRUTH, pred, true_types, pred_types)
    assert (score.true_people, score.found_people) == (3, 3) and score.as_dict()["available"] is True


def test_from_findings_to_people_and_not_available() -> None:
    truth = value_truth(
        [
            occ("1", "a.csv", "ssn", "123-45-6789", "p1", row=1),
            occ("2", "a.csv", "dob", "1980-01-02", "p1", row=1),
            occ("3", "a.csv", "ssn", "234-56-7890", "p2", row=2),
            occ("4", "a.csv", "phone", "8605551234", "org-1"),
        ],
        {"a.csv": True},
        {"p1": "patient", "p2": "patient", "org-1": "organisation"},
    )
    findings = [
        finding("f1", "a.csv", "ssn", "123-45-6789", row=1),
        finding("f2", "a.csv", "dob", "1980-01-02", row=1),
        finding("f3", "a.csv", "ssn", "234-56-7890", row=2),
    ]
    norm = Normalizer()
    assert evaluate_case(truth, findings, doc_paths("a.csv"), norm)["people"] == {
        "available": False,
        "reason": NO_PEOPLE_YET,
    }
    paths = doc_paths("a.csv")
    merged = evaluate_case(truth, findings, paths, norm, {"k1": ["f1", "f2", "f3"]})["people"]
    assert (merged["true_people"], merged["found_people"], merged["false_merge_rate"]) == (2, 1, 1.0)
    assert merged["person_recall"] == 0.5 and merged["types_exact"] == 0.5  # p1 exact; p2 has no cluster
    right = evaluate_case(truth, findings, paths, norm, {"k1": ["f1", "f2"], "k2": ["f3"]})["people"]
    assert (right["bcubed_f1"], right["split_rate"], right["types_exact"]) == (1.0, 0.0, 1.0)


def test_people_scores_by_kind() -> None:
    truth = value_truth(
        [
            occ("1", "a.csv", "ssn", "123-45-6789", "p1", row=1),
            occ("4", "a.csv", "dob", "1980-01-02", "p1", row=1),
            occ("2", "a.csv", "phone", "8605550111", "c1", row=1),
            occ("3", "a.csv", "ssn", "234-56-7890", "p2", row=2),
        ],
        {"a.csv": True},
        {"p1": "patient", "p2": "patient", "c1": "emergency_contact"},
    )
    findings = [
        finding("f1", "a.csv", "ssn", "123-45-6789", row=1),
        finding("f4", "a.csv", "dob", "1980-01-02", row=1),
        finding("f2", "a.csv", "phone", "8605550111", row=1),
        finding("f3", "a.csv", "ssn", "234-56-7890", row=2),
    ]
    norm = Normalizer()
    # the contact's phone merged into the patient of its row: the patient is found (one of
    # the two patient-owned people holds someone else's data), the contact is not found
    report = evaluate_case(truth, findings, doc_paths("a.csv"), norm,
                           {"k1": ["f1", "f4", "f2"], "k2": ["f3"]})["people"]
    patients, contacts = report["by_kind"]["patient"], report["by_kind"]["emergency_contact"]
    assert (patients["person_recall"], patients["false_merge_rate"]) == (1.0, 0.5)
    assert contacts["person_recall"] == 0.0
    assert report["false_merge_rate"] > 0
