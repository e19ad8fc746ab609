"""Which pair decisions are stored (``cluster.explaining``): one merge per join of two groups,
reviewer links, likely pairs a conflict kept apart, review pairs across people; nothing else."""

from __future__ import annotations

from phiscope.people.cluster import REVIEWED, Decision, explaining


def test_only_the_decisions_that_explain_people_are_kept() -> None:
    left = ["a", "b", "a", "c", "a", "d", "a", "e"]
    right = ["b", "c", "c", "d", "d", "e", "e", "f"]
    clusters = {"a": ["a", "b", "c"], "d": ["d"], "e": ["e", "f"]}
    decisions: list[Decision] = [
        (0, "auto", None, True),        # a-b joins two groups: kept
        (1, "auto", None, True),        # b-c joins c: kept
        (2, "auto", None, True),        # a-c: already one group: dropped
        (3, "auto", "dob", False),      # c-d: a likely pair a conflict kept apart: kept
        (4, "distinct", "ssn", False),  # a-d: unlikely anyway: dropped
        (5, "review", None, False),     # d-e: review pair across people: kept
        (6, "review", None, False),     # a-e: across people: kept
        (7, REVIEWED, None, True),      # e-f: a reviewer's link: kept
    ]
    assert [d[0] for d in explaining(decisions, left, right, clusters)] == [0, 1, 3, 5, 6, 7]


def test_a_review_pair_inside_one_person_is_not_kept() -> None:
    decisions: list[Decision] = [(0, "auto", None, True), (1, "review", None, False)]
    kept = explaining(decisions, ["a", "a"], ["b", "b"], {"a": ["a", "b"]})
    assert [d[0] for d in kept] == [0]
