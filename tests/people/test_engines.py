"""Matching runs on DuckDB or Spark through one interface: the SQL translates, refusals are clear,
and (where pyspark and Java are installed) Spark scores the same pairs as DuckDB."""

from __future__ import annotations

import importlib.util
import shutil
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pytest
import sqlglot
from splink.blocking_rule_library import CustomRule
from splink.internals.dialects import SplinkDialect
from sqlglot import exp

from phiscope.people.engines import DuckDBEngine, check_engine, engine
from phiscope.people.linkage import BLOCKS, _block, comparisons, predict
from phiscope.people.training import training_rule
from tests.people.helpers import filler, row

SPARK = SplinkDialect.from_string("spark")
#: what Spark must know to run the translated SQL: its built-ins, Splink's jar's UDFs
SPLINK_UDFS = {"DAMERAU_LEVENSHTEIN", "JARO_WINKLER", "JARO_SIM"}
SPARK_BUILTINS = {"HASH", "TRY_TO_TIMESTAMP"}
HAS_SPARK = importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None


def _functions(sql: str) -> set[str]:
    """Names of the functions a Spark SQL condition calls that sqlglot does not know natively."""
    tree = sqlglot.parse_one(sql, read="spark")
    named = {f.name.upper() for f in tree.find_all(exp.Anonymous)}
    return named | {type(f).__name__.upper() for f in tree.find_all(exp.Func)
                    if type(f).__name__.upper() in SPARK_BUILTINS}


def test_custom_blocking_sql_translates_to_spark() -> None:
    table = pa.table({"dob": ["d"] * 300, "unique_id": [str(i) for i in range(300)]})
    rules = [_block(b) for b in BLOCKS] + [training_rule(table, ("dob",), 1000)]
    assert sum(isinstance(r, CustomRule) for r in rules) >= 6
    for rule in rules:
        translated = rule.create_sql(SPARK)
        # Spark reads "x" as a string literal: every identifier must come out in backticks or bare
        assert '"' not in translated, translated
        assert _functions(translated) <= SPLINK_UDFS | SPARK_BUILTINS, translated


def test_every_comparison_level_parses_as_spark_sql() -> None:
    levels = [lvl for c in comparisons() for lvl in c.get_comparison("spark").comparison_levels
              if not lvl._is_else_level]
    assert len(levels) > 30
    for level in levels:
        sql = level.sql_condition
        assert '"' not in sql, sql
        assert _functions(sql) <= SPLINK_UDFS | SPARK_BUILTINS | {"ARRAY_INTERSECT", "SIZE"}, sql


def test_engines_are_refused_with_a_reason() -> None:
    assert check_engine("duckdb") is None
    assert "unknown engine 'postgres'" in (check_engine("postgres") or "")
    if importlib.util.find_spec("pyspark") is None:
        assert "pip install 'phiscope[spark]'" in (check_engine("spark") or "")
    with pytest.raises(ValueError, match="unknown engine"):
        engine("postgres")


def test_cli_refuses_an_unknown_engine_without_a_traceback(tmp_path: Any, capsys: Any) -> None:
    from phiscope.cli.main import main

    with pytest.raises(SystemExit) as stop:
        main(["resolve", "--case", str(tmp_path / "case"), "--engine", "postgres"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unknown engine" in err and "Traceback" not in err


def _table(n_people: int) -> pa.Table:
    from phiscope.people.mentions import build_mentions
    from phiscope.people.table import linkage_rows, to_arrow

    findings = filler(n_people) + row("letters", 1, first="Bob", last="Kowalczyk", dob="1965-03-30") \
        + row("ehr", 1, first="Robert", last="Kowalczyk", dob="1965-03-30")
    return to_arrow(linkage_rows(build_mentions(findings)))


def test_a_callers_engine_is_used_and_left_open(tmp_path: Any) -> None:
    eng = DuckDBEngine(str(tmp_path))
    try:
        first = predict(_table(20), engine=eng)
        again = predict(_table(20), engine=eng)  # the same session, new table names
        assert first.num_rows > 0 and first.num_rows == again.num_rows
        assert eng.con.execute("SELECT 1").fetchone() == (1,)
    finally:
        eng.close()


def _pairs(scored: pa.Table) -> dict[tuple[str, str], float]:
    ends = zip(scored["unique_id_l"].to_pylist(), scored["unique_id_r"].to_pylist(),
               scored["match_probability"].to_pylist(), strict=True)
    return {(min(a, b), max(a, b)): p for a, b, p in ends}


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SPARK, reason="needs pyspark (pip install 'phiscope[spark]') and Java")
def test_spark_scores_the_same_pairs_as_duckdb(tmp_path: Any) -> None:
    table = _table(30)
    on_duckdb = _pairs(predict(table, tmp_dir=str(tmp_path)))
    spark = engine("spark", str(tmp_path), "2GB")
    try:
        on_spark = _pairs(predict(table, engine=spark))
    finally:
        spark.close()
    assert len(on_duckdb) >= 30  # the filler's 30 people, each in two documents
    assert on_spark.keys() == on_duckdb.keys()
    assert max(abs(on_spark[k] - on_duckdb[k]) for k in on_duckdb) < 1e-4
