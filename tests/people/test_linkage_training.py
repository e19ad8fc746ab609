"""EM training blocks: a block with too many pairs is sampled, a small one is used whole."""

from __future__ import annotations

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
from splink.internals.dialects import SplinkDialect

from phiscope.people.training import training_rule


def test_an_em_session_over_too_many_pairs_sees_a_random_share_of_them() -> None:
    table = pa.table({"dob": ["d1"] * 100 + ["d2"] * 50 + [None] * 10,
                      "unique_id": [str(i) for i in range(160)]})
    pairs = 100 * 99 // 2 + 50 * 49 // 2  # 6,175: the nulls pair with nothing
    duckdb = SplinkDialect.from_string("duckdb")
    assert training_rule(table, ("dob",), pairs).create_sql(duckdb) == 'l."dob" = r."dob"'
    sampled = training_rule(table, ("dob",), 1000).create_sql(duckdb)
    assert sampled == "l.dob = r.dob AND hash(l.unique_id) % 7 = 0"


def test_em_never_makes_a_nickname_or_a_typo_evidence_against_a_match() -> None:
    """After EM, a partial level that random pairs rarely reach keeps m >= PARTIAL_M_FLOOR; the exact,
    else and broad levels keep their estimates."""
    import duckdb as ddb
    from splink import DuckDBAPI, Linker

    from phiscope.people.linkage import settings
    from phiscope.people.table import linkage_rows, to_arrow
    from phiscope.people.training import PARTIAL_M_FLOOR, floor_partial_m

    linker = Linker(DuckDBAPI(ddb.connect()).register(to_arrow(linkage_rows([]))), settings(), log_level=None)
    comparisons = linker._settings_obj.comparisons
    levels = {c.output_column_name: c._comparison_levels_excluding_null for c in comparisons}
    exact, nickname, typo, other = levels["first_name"]
    estimates = ((exact, 0.99, 0.005), (nickname, 1e-13, 0.0026), (typo, 3e-4, 0.0017), (other, 0.007, 0.99))
    for level, m, u in estimates:
        level.m_probability, level.u_probability = m, u
    within_10_years = levels["dob"][4]
    within_10_years.m_probability, within_10_years.u_probability = 3e-4, 0.22
    floor_partial_m(linker)
    assert (exact.m_probability, other.m_probability) == (0.99, 0.007)
    assert nickname.m_probability == typo.m_probability == PARTIAL_M_FLOOR
    assert within_10_years.m_probability == 3e-4  # random pairs often agree this loosely: not raised
