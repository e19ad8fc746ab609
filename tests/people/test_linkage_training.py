"""EM training blocks: a block with too many pairs is sampled, a small one is used whole."""

from __future__ import annotations

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
from splink.internals.dialects import SplinkDialect

from phiscope.people.linkage import training_rule


def test_an_em_session_over_too_many_pairs_sees_a_random_share_of_them() -> None:
    table = pa.table({"dob": ["d1"] * 100 + ["d2"] * 50 + [None] * 10,
                      "unique_id": [str(i) for i in range(160)]})
    pairs = 100 * 99 // 2 + 50 * 49 // 2  # 6,175: the nulls pair with nothing
    duckdb = SplinkDialect.from_string("duckdb")
    assert training_rule(table, ("dob",), pairs).create_sql(duckdb) == 'l."dob" = r."dob"'
    sampled = training_rule(table, ("dob",), 1000).create_sql(duckdb)
    assert sampled == "l.dob = r.dob AND hash(l.unique_id) % 7 = 0"
