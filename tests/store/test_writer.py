"""The resumability protocol, idempotence and the read-side queries."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

from phiscope.errors import ErrorKind
from phiscope.model import Location
from phiscope.store import CaseStore, StoreTuning, batch
from tests.store.store_helpers import FAST_KDF, KEY, doc_findings, finding, sha_of, table

A, B = sha_of("a"), sha_of("b")


def _count(store: CaseStore) -> int:
    return len(list(store.iter_findings()))


def test_begin_finish_and_skip_known(store: CaseStore) -> None:
    run = store.start_run(["scan", "/data"])
    assert store.begin_document(A, "/data/a", 10, "text", None, 0, run)
    assert not store.begin_document(A, "/data/a-copy", 10, "text", None, 0, run)  # being scanned
    store.add_findings(doc_findings(A, 20, 1, "/data/a"), run)
    store.finish_document(A, "done", {"chars": 100})
    assert not store.begin_document(A, "/data/a-again", 10, "text", None, 0, run)
    store.record_path(A, "/data/a", None, run)  # idempotent
    assert store.done_shas() == {A}
    summary = store.summary()
    assert summary["paths"] == 3
    assert summary["documents"] == [{"status": "done", "reader_id": "text", "documents": 1, "bytes": 10}]
    assert sum(f["findings"] for f in summary["findings"]) == 20


def test_same_findings_twice_are_stored_once(store: CaseStore) -> None:
    run = store.start_run(["scan"])
    store.begin_document(A, "/a", 1, "text", None, 0, run)
    tbl = doc_findings(A, 50, 2, "/a")
    store.add_findings(tbl, run)
    store.add_findings(tbl, run)  # same flush
    store.flush()
    store.add_findings(tbl.slice(10, 20), run)  # after a flush, document still open
    store.flush()
    store.add_findings(tbl.slice(0, 5), run)
    store.finish_document(A, "done", {})
    assert _count(store) == 50


def test_repeats_are_found_exactly_even_when_all_hashes_collide(store: CaseStore,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Row hashes only decide whether the exact comparison runs: with every hash (and
    position) equal, distinct findings are all kept and repeats (in one flush or across
    flushes) dropped."""
    def colliding(tbl: pa.Table, names: tuple[str, ...] = ()) -> pl.DataFrame:
        n = tbl.num_rows
        return pl.DataFrame({"doc_sha": tbl.column("doc_sha").to_pylist(), "h": [7] * n, "pos": [0] * n},
                            schema={"doc_sha": pl.String, "h": pl.UInt64, "pos": pl.Int64})

    monkeypatch.setattr(batch, "row_hashes", colliding)
    run = store.start_run(["scan"])
    store.begin_document(A, "/a", 1, "text", None, 0, run)
    store.begin_document(B, "/b", 1, "text", None, 0, run)
    tbl = doc_findings(A, 60, 3, "/a")
    store.add_findings(tbl.slice(0, 20), run)
    store.add_findings(doc_findings(B, 10, 4, "/b"), run)
    store.flush()
    store.add_findings(tbl.slice(15, 30), run)  # 5 stored before, 25 new
    store.add_findings(tbl.slice(40, 5), run)
    store.flush()
    store.add_findings(tbl, run)  # 15 new
    store.finish_document(A, "done", {})
    store.finish_document(B, "done", {})
    assert _count(store) == 70
    assert len({r["finding_id"] for r in store.iter_findings()}) == 70


def test_hashes_of_finished_documents_are_released(store: CaseStore) -> None:
    run = store.start_run(["scan"])
    store.begin_document(A, "/a", 1, "text", None, 0, run)
    store.add_findings(doc_findings(A, 20, 1, "/a"), run)
    store.flush()
    writer = store._writer
    assert writer is not None and writer._open_keys.docs() == {A}
    store.finish_document(A, "done", {})
    store.flush()
    assert writer._open_keys.docs() == set()


def test_findings_only_for_begun_documents(store: CaseStore) -> None:
    run = store.start_run(["scan"])
    with pytest.raises(ValueError, match="not begun"):
        store.add_findings(doc_findings(A, 3, 1, "/a"), run)
    store.begin_document(A, "/a", 1, "text", None, 0, run)
    store.finish_document(A, "done", {})
    with pytest.raises(ValueError, match="not begun"):
        store.add_findings(doc_findings(A, 3, 1, "/a"), run)  # finished: no more findings
    with pytest.raises(ValueError, match="not begun"):
        store.finish_document(B, "done", {})
    with pytest.raises(ValueError, match="columns"):
        store.add_findings(table([finding(A, "x")]).drop_columns(["flags"]), run)


def test_bad_status_and_kind(store: CaseStore) -> None:
    run = store.start_run(["scan"])
    store.begin_document(A, "/a", 1, "text", None, 0, run)
    with pytest.raises(ValueError):
        store.add_error(A, "/a", "no-such-kind", "m", None, run)
    with pytest.raises(ValueError):
        store.finish_document(A, "weird", {})
    with pytest.raises(ValueError):
        store.finish_run(run, "weird")


def test_errors_are_idempotent(case_dir: Path) -> None:
    for _ in range(2):  # re-scanning the same unreadable input
        with CaseStore.open_or_create(case_dir, KEY, FAST_KDF) as store:
            run = store.start_run(["scan"])
            store.add_error(None, "/locked.pdf", ErrorKind.UNREADABLE, "permission denied", None, run)
            store.add_error(None, "/locked.pdf", "unreadable", "permission denied (again)", None, run)
            store.add_error(None, "/b.zip", "zip-bomb", "ratio", Location("/b.zip!/x", line=None), run)
            store.finish_run(run)
    with CaseStore.open(case_dir, KEY) as store:
        errors = list(store.iter_errors())
        assert [(e["path"], e["kind"]) for e in errors] == [("/b.zip!/x", "zip-bomb"),
                                                            ("/locked.pdf", "unreadable")]
        assert errors[1]["message"] == "permission denied (again)" and errors[1]["run_id"] == 2
        assert store.summary()["errors"] == [{"kind": "unreadable", "errors": 1},
                                             {"kind": "zip-bomb", "errors": 1}]
        assert [e["kind"] for e in store.iter_errors(kind="zip-bomb")] == ["zip-bomb"]


def test_reopen_removes_partial_document(case_dir: Path) -> None:
    with CaseStore.create(case_dir, KEY, FAST_KDF) as store:
        run = store.start_run(["scan"])
        store.begin_document(A, "/a", 1, "text", None, 0, run)
        store.add_findings(doc_findings(A, 30, 1, "/a"), run)
        store.add_error(A, "/a", "decode-error", "bad bytes", {"line": 2}, run)
        store.begin_document(B, "/b", 1, "text", None, 0, run)
        store.add_findings(doc_findings(B, 7, 2, "/b"), run)
        store.finish_document(B, "done", {})
        # closed without finishing A, as after a crash
    with CaseStore.open(case_dir, KEY) as store:
        assert {r["doc_sha"] for r in store.iter_findings()} == {B}
        assert list(store.iter_errors()) == []
        assert store.summary()["runs"][0]["status"] == "interrupted"
        run = store.start_run(["scan"])
        assert store.begin_document(A, "/a", 1, "text", None, 0, run)
        assert not store.begin_document(B, "/b", 1, "text", None, 0, run)


def test_iter_findings_filters_and_reveal(store: CaseStore) -> None:
    run = store.start_run(["scan"])
    store.begin_document(A, "/a", 1, "text", None, 0, run)
    rows = [finding(A, "219-09-9998", offset=0, confidence=0.95),
            finding(A, "123-45-6789", offset=20, confidence=0.6),
            finding(A, "Jane Roe", element="name", detector_id="person_name", offset=40,
                    mask_first=1, mask_last=1)]
    store.add_findings(table(rows), run)
    store.finish_document(A, "done", {})
    hidden = list(store.iter_findings())
    assert all("value" not in r and "normalized" not in r for r in hidden)
    assert "219-09-9998" not in repr(hidden)
    assert [r["preview"] for r in hidden] == ["***-**-9998", "***-**-6789", "J*** **e"]
    assert [r["preview"] for r in store.iter_findings(element="ssn", min_confidence=0.9)] == ["***-**-9998"]
    assert [r["element"] for r in store.iter_findings(detector="person_name")] == ["name"]
    assert [r["value"] for r in store.iter_findings(element="name", reveal=True)] == ["Jane Roe"]
    summary = store.summary()["findings"]
    assert summary == [{"element": "ssn", "findings": 2, "distinct_values": 2, "documents": 1},
                       {"element": "name", "findings": 1, "distinct_values": 1, "documents": 1}]


def test_time_based_flush(case_dir: Path) -> None:
    with CaseStore.create(case_dir, KEY, FAST_KDF, StoreTuning(flush_seconds=0.0)) as store:
        run = store.start_run(["scan"])
        store.begin_document(A, "/a", 1, "text", None, 0, run)
        store.add_findings(doc_findings(A, 4, 1, "/a"), run)
        assert store._writer is not None and store._writer._pending.empty()


def test_runs_are_listed(store: CaseStore) -> None:
    run = store.start_run(["scan", "--case", "x"])
    store.finish_run(run, "done", {"documents": 0})
    (row,) = store.summary()["runs"]
    assert row["run_id"] == 1 and row["status"] == "done" and row["argv"] == ["scan", "--case", "x"]
    assert row["counts"] == {"documents": 0} and row["started_at"].endswith("Z")
