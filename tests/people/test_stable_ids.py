"""Person ids survive a new resolution: the same input again, a new file, reviewed merges and splits;
people already notified who lose their id are reported."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from phiscope import api
from phiscope.people.stable_ids import assign_ids, fresh_id
from phiscope.people.summary import person_id
from tests.eval.test_eval_cli import run_cli
from tests.people.review_case import AUTO_MERGE, ENV, MERGED, REVIEW, mentions_by_path, owners, resolve, sql


def test_first_resolution_ids_are_the_smallest_mention_hash() -> None:
    out = assign_ids({"a": ["a", "b"], "c": ["c"]}, {})
    assert out.ids == {"a": person_id(["a", "b"]), "c": person_id(["c"])}
    assert (out.kept, out.new) == (0, 2)


def test_the_same_clusters_keep_their_ids() -> None:
    previous = {"a": "P1", "b": "P1", "c": "P2"}
    out = assign_ids({"a": ["a", "b"], "c": ["c"]}, previous)
    assert out.ids == {"a": "P1", "c": "P2"}
    assert (out.kept, out.new, out.merged, out.split, out.gone) == (2, 0, {}, [], [])


def test_a_new_mention_that_sorts_first_keeps_the_person_id() -> None:
    out = assign_ids({"0new": ["0new", "a", "b"]}, {"a": "P1", "b": "P1"})
    assert out.ids == {"0new": "P1"} and out.kept == 1


def test_a_merge_keeps_the_larger_id_and_reports_a_notified_loser() -> None:
    previous = {"a": "P1", "b": "P1", "c": "P2"}
    out = assign_ids({"a": ["a", "b", "c"]}, previous, notified={"P2"})
    assert out.ids == {"a": "P1"}
    assert out.merged == {"P2": "P1"} and out.notified_lost == ["P2"]
    report = out.report()
    assert report["notified_lost"] == 1 and report["id_changes"]["notified_lost"] == ["P2"]


def test_on_a_tie_the_notified_id_wins() -> None:
    previous = {"a": "P1", "c": "P2"}
    assert assign_ids({"a": ["a", "c"]}, previous, notified={"P2"}).ids == {"a": "P2"}
    assert assign_ids({"a": ["a", "c"]}, previous).ids == {"a": "P1"}


def test_a_split_keeps_the_id_where_most_mentions_go_and_never_reuses_it() -> None:
    old = person_id(["a"])  # the id the first resolution gave {a, b, c}
    previous = {"a": old, "b": old, "c": old}
    out = assign_ids({"a": ["a"], "b": ["b", "c"]}, previous)
    assert out.ids["b"] == old
    assert out.ids["a"] not in (old, "") and out.ids["a"].startswith("P")  # person_id(["a"]) is taken
    assert out.split == [old] and out.new == 1


def test_an_id_goes_to_one_cluster_only_and_gone_ids_are_listed() -> None:
    previous = {"a": "P1", "b": "P1", "c": "P1", "x": "P9"}
    out = assign_ids({"a": ["a", "d"], "b": ["b", "c"]}, previous, notified={"P9"})
    assert out.ids["b"] == "P1" and out.ids["a"] != "P1"
    assert out.gone == ["P9"] and out.notified_lost == ["P9"]


def test_fresh_ids_avoid_every_taken_id() -> None:
    taken = {person_id(["a"]), person_id(["b"])}
    assert fresh_id(["b", "a"], taken) not in taken
    assert fresh_id(["c", "a"], taken) == person_id(["c"])


def test_ids_are_identical_when_the_same_input_is_resolved_again(review_case: Path) -> None:
    before = owners(review_case)
    info = resolve(review_case)
    assert owners(review_case) == before
    assert info["ids_kept"] == len(set(before.values())) and info["ids_new"] == 0


def _row_mention_id(content: str) -> str:
    """The id the mention of a one-row CSV file gets (see people.mentions and the CSV reader's row key)."""
    doc = hashlib.sha256(content.encode()).hexdigest()
    return hashlib.sha256(f"{doc}\x1frow\x1f{doc[:16]}:csv:1".encode()).hexdigest()[:20]


def test_a_new_file_joining_a_person_keeps_the_id_even_when_its_mention_sorts_first(
        review_case: Path, tmp_path: Path) -> None:
    before = owners(review_case)
    old_id = next(p["person_id"] for p in api.people(review_case, reveal=True, resolve=False, env=ENV)
                  if p["full_name"] == f"{MERGED['First Name']} {MERGED['Last Name']}")
    old_mentions = [m for m, p in before.items() if p == old_id]
    row = {k: MERGED[k] for k in ("First Name", "Last Name", "DOB", "Phone")}
    n = 0
    while True:  # a visit number that makes the new row's mention id sort before the person's mentions
        text = "First Name,Last Name,DOB,Phone,Visit\r\n" + ",".join([*row.values(), f"V{n}"]) + "\r\n"
        if _row_mention_id(text) < min(old_mentions):
            break
        n += 1
    path = tmp_path / "new" / "letters.csv"
    path.parent.mkdir()
    path.write_bytes(text.encode())
    api.scan([str(path)], review_case, options=api.ScanOptions(workers=1), env=ENV)
    info = resolve(review_case)
    after = owners(review_case)
    new_mention = _row_mention_id(text)
    assert new_mention in after, "the CSV reader's row key changed: update _row_mention_id"
    assert after[new_mention] == old_id
    assert person_id([new_mention, *old_mentions]) != old_id  # what the id would have become
    assert info["ids_kept"] == len(set(before.values())) and info["ids_new"] == 0


def test_a_notified_person_merged_into_another_is_reported(
        review_case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = owners(review_case)
    intake, ehr = mentions_by_path(review_case)["intake.csv"], mentions_by_path(review_case)["ehr.csv"]
    lone = next(m for m in intake if sum(p == before[m] for p in before.values()) == 1)
    queue = api.review_queue(review_case, env=ENV)
    queued = {frozenset((i["left_mention"], i["right_mention"])) for i in queue}
    seeded = next(m for m in ehr if frozenset((lone, m)) in queued)  # the intake row's EHR twin row
    sql(review_case, "INSERT INTO notice_letters (letter_id, person_id, kind) VALUES ('L1', ?, 'initial')",
        [before[lone]])
    api.review_decide(review_case, lone, seeded, "link", env=ENV)
    monkeypatch.setenv("PHISCOPE_KEY", ENV["PHISCOPE_KEY"])
    code, out, err = run_cli(capsys, "resolve", "--case", str(review_case), "--auto-merge", str(AUTO_MERGE),
                             "--review", str(REVIEW), "--format", "json")
    assert code == 0, err
    info = json.loads(out)[0]
    assert "1 already-notified person id(s)" in err and before[lone] in err
    assert info["notified_lost"] == 1
    assert info["id_changes"]["notified_lost"] == [before[lone]]
    assert info["id_changes"]["merged"] == {before[lone]: before[seeded]}
    assert owners(review_case)[lone] == before[seeded]
