"""Reviewed links: must-link / cannot-link decisions honoured by clustering, stored by
``phiscope review`` and applied by every later resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.errors import UsageError
from phiscope.people.cluster import CANNOT_LINK, REVIEWED, Reviewed, Thresholds, cluster_pairs
from phiscope.pipeline.fingerprint import findings_state
from tests.people.review_case import ENV, mentions_by_path, owners, resolve

T = Thresholds()


def _rows(*ids: str, **first_names: str) -> dict[str, dict[str, Any]]:
    return {i: {"unique_id": i, "first_name": first_names.get(i), "last_name": "lind"} for i in ids}


def _together(clusters: dict[str, list[str]], a: str, b: str) -> bool:
    return any(a in members and b in members for members in clusters.values())


def test_must_link_merges_a_pair_the_model_kept_apart() -> None:
    rows = _rows("a", "b")
    clusters, _ = cluster_pairs(rows, ["a"], ["b"], [0.7], T)
    assert not _together(clusters, "a", "b")
    clusters, decisions = cluster_pairs(rows, ["a"], ["b"], [0.7], T, Reviewed(must=(("a", "b"),)))
    assert _together(clusters, "a", "b")
    assert decisions[0] == (1, REVIEWED, None, True)  # the reviewed pair first, after the columns
    assert decisions[1] == (0, "review", None, False)


def test_must_link_overrides_a_conflict() -> None:
    rows = _rows("a", "b", a="emma", b="olivia")  # different first names: never merged by the model
    clusters, _ = cluster_pairs(rows, ["a"], ["b"], [0.99], T)
    assert not _together(clusters, "a", "b")
    clusters, _ = cluster_pairs(rows, [], [], [], T, Reviewed(must=(("a", "b"),)))
    assert _together(clusters, "a", "b")


def test_a_conflict_the_reviewer_accepted_does_not_split_the_person() -> None:
    """Linking a row with a mistyped DOB to one of a person's rows keeps the person whole: the
    other rows still join although their DOB conflicts with the linked row's; a twin still does not."""
    rows = {"a": {"first_name": "quentin", "last_name": "abernathy", "dob": "1961-04-17"},
            "b": {"first_name": "quentin", "last_name": "abernathy", "dob": "1961-04-17", "ssn": "219099998"},
            "c": {"first_name": "quentin", "last_name": "abernathy", "dob": "1961-01-01"},
            "d": {"first_name": "olivia", "last_name": "abernathy", "dob": "1961-04-17"}}
    left, right, prob = ["a", "a"], ["b", "d"], [0.99, 0.98]
    clusters, _ = cluster_pairs(rows, left, right, prob, T, Reviewed(must=(("a", "c"),)))
    assert _together(clusters, "a", "b") and _together(clusters, "a", "c")
    assert not _together(clusters, "a", "d")


def test_cannot_link_splits_a_pair_the_model_merged() -> None:
    rows = _rows("a", "b")
    clusters, _ = cluster_pairs(rows, ["a"], ["b"], [0.99], T)
    assert _together(clusters, "a", "b")
    clusters, decisions = cluster_pairs(rows, ["a"], ["b"], [0.99], T, Reviewed(cannot=(("a", "b"),)))
    assert not _together(clusters, "a", "b")
    assert decisions == [(0, "auto", CANNOT_LINK, False)]


@pytest.mark.parametrize(("first", "second", "with_c"), [(("b", "c"), ("a", "c"), "b"),
                                                         (("a", "c"), ("b", "c"), "a")])
def test_cannot_link_holds_through_a_chain(first: tuple[str, str], second: tuple[str, str],
                                           with_c: str) -> None:
    """A and B cannot be one person; B-C and A-C are auto pairs: whichever comes first (the more
    probable) merges, the other would put A with B and is refused."""
    rows = _rows("a", "b", "c")
    left, right = [first[0], second[0]], [first[1], second[1]]
    clusters, _ = cluster_pairs(rows, left, right, [0.99, 0.98], T)
    assert _together(clusters, "a", "b")  # without the decision: one person through C
    clusters, decisions = cluster_pairs(rows, left, right, [0.99, 0.98], T, Reviewed(cannot=(("a", "b"),)))
    assert not _together(clusters, "a", "b")
    assert _together(clusters, "c", with_c)
    assert decisions == [(0, "auto", None, True), (1, "auto", CANNOT_LINK, False)]


def test_contradictory_decisions_keep_the_cannot_link() -> None:
    rows = _rows("a", "b", "c")
    rev = Reviewed(must=(("a", "b"), ("b", "c")), cannot=(("a", "c"),))
    clusters, decisions = cluster_pairs(rows, [], [], [], T, rev)
    assert _together(clusters, "a", "b") and not _together(clusters, "a", "c")
    assert decisions == [(0, REVIEWED, None, True), (1, REVIEWED, CANNOT_LINK, False)]


def test_a_decided_review_pair_is_marked_and_decisions_on_missing_mentions_are_ignored() -> None:
    rows = _rows("a", "b")
    _, decisions = cluster_pairs(rows, ["a"], ["b"], [0.7], T, Reviewed(cannot=(("a", "b"),)))
    assert decisions == [(0, "review", CANNOT_LINK, False)]
    known, ignored = Reviewed(must=(("a", "b"), ("a", "gone")), cannot=(("x", "y"),)).known(rows)
    assert known == Reviewed(must=(("a", "b"),)) and ignored == 2


def _queue_pair(case: Path, path: str) -> dict[str, Any]:
    return next(i for i in api.review_queue(case, env=ENV) if path in (Path(i["left"]["path"]).name,
                                                                        Path(i["right"]["path"]).name))


def test_must_link_merges_and_survives_a_rerun(review_case: Path) -> None:
    item = _queue_pair(review_case, "intake.csv")
    left, right = item["left_mention"], item["right_mention"]
    before = owners(review_case)
    assert before[left] != before[right]
    both = [m for m, p in before.items() if p in (before[left], before[right])]
    assert len(both) == 3  # the seeded person's EHR and billing rows, and the intake row
    api.review_decide(review_case, left, right, "link", reviewer="ana", note="same patient", env=ENV)
    info = resolve(review_case)
    after = owners(review_case)
    assert len({after[m] for m in both}) == 1
    assert info["ids_merged"] == 1 and info["ids_split"] == 0 and info["decisions_ignored"] == 0
    resolve(review_case)
    assert owners(review_case) == after  # decisions hold, ids stay
    assert all({i["left_mention"], i["right_mention"]} != {left, right}
               for i in api.review_queue(review_case, env=ENV))


def test_cannot_link_splits_a_merged_person(review_case: Path) -> None:
    ehr, billing = mentions_by_path(review_case)["ehr.csv"], mentions_by_path(review_case)["billing.csv"]
    before = owners(review_case)
    a = next(m for m in ehr if any(before[m] == before[b] for b in billing))
    b = next(m for m in billing if before[m] == before[a])
    api.review_decide(review_case, a, b, "distinct", env=ENV)
    info = resolve(review_case)
    after = owners(review_case)
    assert after[a] != after[b]
    assert before[a] in (after[a], after[b])  # one of the two keeps the id
    assert info["ids_split"] == 1 and info["ids_new"] == 1


def test_decisions_name_existing_mentions_only(review_case: Path) -> None:
    mid = mentions_by_path(review_case)["ehr.csv"][0]
    with pytest.raises(UsageError, match="unknown mention id"):
        api.review_decide(review_case, mid, "0123456789abcdef0123", "link", env=ENV)
    with pytest.raises(UsageError, match="itself"):
        api.review_decide(review_case, mid, mid, "distinct", env=ENV)


def test_a_decision_makes_the_people_stage_stale(review_case: Path) -> None:
    def state() -> dict[str, Any]:
        with api.open_case(review_case, env=ENV) as store:
            return findings_state(store.notices_connection())

    before = state()
    item = api.review_queue(review_case, env=ENV)[0]
    api.review_decide(review_case, item["left_mention"], item["right_mention"], "distinct", env=ENV)
    changed = state()
    assert changed != before
    api.review_decide(review_case, item["left_mention"], item["right_mention"], "link", env=ENV)
    assert state() not in (before, changed)
