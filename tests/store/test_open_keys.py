"""``OpenKeys``: remembered row hashes of open documents, checked only where positions overlap."""

from __future__ import annotations

import polars as pl

from phiscope.store.open_keys import OpenKeys, by_doc, row_hashes
from tests.store.store_helpers import doc_findings, sha_of

A, B = sha_of("a"), sha_of("b")


def _frame(sha: str, hashes: list[int], positions: list[int]) -> pl.DataFrame:
    return pl.DataFrame({"doc_sha": [sha] * len(hashes), "h": hashes, "pos": positions},
                        schema={"doc_sha": pl.String, "h": pl.UInt64, "pos": pl.Int64})


def _rows(sha: str, hashes: list[int], positions: list[int]) -> dict[str, pl.DataFrame]:
    return by_doc(_frame(sha, hashes, positions), {sha})


def test_seen_only_where_document_hash_and_position_range_match() -> None:
    keys = OpenKeys()
    keys.add(_rows(A, [1, 2, 3], [10, 11, 12]), {A})
    keys.add(_rows(A, [4, 5], [20, 21]), {A})
    assert keys.docs() == {A}
    assert keys.seen(_rows(A, [9, 2], [30, 11]))  # hash 2 is remembered, and 11 is in range
    assert keys.seen(_rows(A, [5], [21]))  # an older run is checked as well as the newest
    assert not keys.seen(_rows(A, [2, 5], [13, 15]))  # between the runs: no stored finding there
    assert not keys.seen(_rows(B, [2], [11]))  # another document
    assert not keys.seen(_rows(A, [7, 8], [11, 20]))
    keys.forget({A})
    assert keys.docs() == set() and not keys.seen(_rows(A, [2], [11]))


def test_only_open_documents_are_remembered() -> None:
    keys = OpenKeys()
    both = _frame(A, [1], [1]).vstack(_frame(B, [2], [1]))
    assert set(by_doc(both, {A, B})) == {A, B} and set(by_doc(both, {B})) == {B}
    keys.add(by_doc(both, {A, B}), {B})
    assert keys.docs() == {B}


def test_row_hashes_equal_for_equal_keys_and_position_from_row_line_or_offset() -> None:
    tbl = doc_findings(A, 6, 1, "/a")
    again = row_hashes(tbl)
    first = row_hashes(tbl)
    assert first.equals(again) and first["h"].n_unique() == 6
    assert first["pos"].to_list() == tbl.column("line").to_pylist()
