"""Splink's scored pairs wait in the case session (or in memory) and come back by number, in order."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from phiscope.people.links import kept_pairs
from phiscope.people.rule_links import rule_links
from phiscope.people.weights import PairWeights
from phiscope.store.db import scratch


def _batch(start: int, n: int) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({
        "row_l": pa.array(range(start, start + n), pa.int64()),
        "row_r": pa.array(range(1, n + 1), pa.int64()),
        "match_weight": pa.array([float(i) for i in range(start, start + n)], pa.float64()),
        "match_probability": pa.array([0.5] * n, pa.float64()),
        "mw_ssn": pa.array([None if i % 3 else 2.5 * i for i in range(start, start + n)], pa.float64())})


@pytest.mark.parametrize("in_session", [False, True])
def test_pairs_come_back_by_number_in_the_order_asked(tmp_path: Path, in_session: bool) -> None:
    con = scratch(tmp_path) if in_session else None
    try:
        weights = PairWeights(con)
        for start, n in ((0, 4), (4, 0), (4, 3)):
            weights.add(_batch(start, n))
        assert weights.num_rows == 7
        got = weights.take([6, 0, 3, 3])
        assert got.schema == _batch(0, 1).schema
        assert got.column("row_l").to_pylist() == [6, 0, 3, 3]
        assert got.column("mw_ssn").to_pylist() == [15.0, 0.0, 7.5, 7.5]
        assert weights.take([]).num_rows == 0
        with pytest.raises(IndexError):
            weights.take([7])
        weights.close()
        if con is not None:
            left = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'phiscope_pair_weights'"
            assert con.execute(left).fetchone() == (0,)
    finally:
        if con is not None:
            con.close()


def test_kept_pairs_name_mentions_by_id_in_the_order_of_their_numbers(tmp_path: Path) -> None:
    weights = PairWeights()
    weights.add(_batch(0, 3))
    ids = pa.array(["m0", "m1", "m2", "m3"])
    extra = rule_links([3], [0], 1.0, 30.0, "bare-contact", "email")
    keep = [(3, "auto", None, True), (2, "review", "dob", False), (0, "auto", None, True)]
    kept = kept_pairs(weights, extra, keep, ids)
    assert kept.column("unique_id_l").to_pylist() == ["m0", "m2", "m3"]
    assert kept.column("unique_id_r").to_pylist() == ["m1", "m3", "m0"]
    assert kept.column("rule").to_pylist() == [None, None, "bare-contact"]
    assert kept.column("band").to_pylist() == ["auto", "review", "auto"]
    assert kept.column("conflict").to_pylist() == [None, "dob", None]
    assert "row_l" not in kept.column_names
