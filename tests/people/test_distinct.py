"""Splink scores each distinct identity once (``people.distinct``): the pairs, weights and
probabilities of a table with repeated identities are those of scoring every row."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import sqlglot
from splink.blocking_rule_library import CustomRule
from splink.internals.dialects import SplinkDialect
from sqlglot import exp

from phiscope.people.distinct import Distinct, term_frequencies, twin_rule
from phiscope.people.linkage import BLOCKS, LinkageOptions, _block, predict
from tests.people.helpers import filler, row


def _rows(values: list[tuple[str | None, list[str] | None]]) -> pa.Table:
    return pa.table({"unique_id": [f"m{i}" for i in range(len(values))],
                     "name": [v[0] for v in values],
                     "phones": pa.array([v[1] for v in values], pa.list_(pa.string())),
                     "row": pa.array(np.arange(len(values)) + 100, pa.int64())})


def test_rows_are_equal_only_where_every_value_is() -> None:
    table = _rows([("ann", ["1", "2"]), ("ann", ["2", "1"]), ("ann", ["1", "2"]), ("ann", None),
                   ("ann", []), ("ann", None), (None, []), ("", []), ("ann", ["1,2"]), ("ann", ["12"]),
                   ("ann", [None])])
    d = Distinct.of(table)
    groups = [sorted(d.members[s:s + n].tolist()) for s, n in zip(d.starts, d.sizes, strict=True)]
    # a list's order counts; null and empty differ; a null name is no empty name
    assert groups == [[100, 102], [101], [103, 105], [104], [106], [107], [108], [109], [110]]
    assert d.reps.column("unique_id").to_pylist() == list(range(9))
    assert d.reps.column("name").to_pylist()[:3] == ["ann", "ann", "ann"]
    assert d.shared.tolist() == [0, 2]
    twins = d.twins()
    assert twins.column("phi_twin").to_pylist() == [0, 0, 1, 1]
    assert twins.column("unique_id").to_pylist() == [0, 1, 2, 3]


def test_an_empty_table_has_no_distinct_rows() -> None:
    d = Distinct.of(_rows([]))
    assert len(d.sizes) == len(d.starts) == d.reps.num_rows == d.twins().num_rows == 0


def test_pairs_of_distinct_rows_become_every_pair_of_their_rows() -> None:
    table = _rows([("a", None), ("b", None), ("a", None), ("b", None), ("b", None), ("c", None)])
    d = Distinct.of(table.drop_columns(["row"]))  # rows numbered by position
    scored = pa.RecordBatch.from_pydict({"row_l": pa.array([0, 1], pa.int64()),
                                         "row_r": pa.array([1, 2], pa.int64()), "p": [0.9, 0.4]})
    out = d.expand(scored).to_pydict()
    got = sorted(zip(out["row_l"], out["row_r"], out["p"], strict=True))
    assert got == sorted([(0, 1, 0.9), (0, 3, 0.9), (0, 4, 0.9), (1, 2, 0.9), (2, 3, 0.9), (2, 4, 0.9),
                          (1, 5, 0.4), (3, 5, 0.4), (4, 5, 0.4)])
    # the second shared row ("b") with its copy
    twins = pa.RecordBatch.from_pydict({"row_l": pa.array([2], pa.int64()),
                                        "row_r": pa.array([3], pa.int64()), "p": [0.99]})
    out = d.expand_twins(twins).to_pydict()
    assert sorted(zip(out["row_l"], out["row_r"], strict=True)) == [(1, 3), (1, 4), (3, 4)]
    assert d.expand_twins(twins.slice(0, 0)).num_rows == 0


def test_term_frequencies_are_shares_of_the_known_values() -> None:
    tf = term_frequencies(pa.table({"first_name": ["ann", "ann", "bob", None]}), "first_name")
    assert dict(zip(*tf.to_pydict().values(), strict=True)) == {"ann": 2 / 3, "bob": 1 / 3}


def _linkage_table() -> pa.Table:
    from phiscope.people.mentions import build_mentions
    from phiscope.people.table import linkage_rows, to_arrow

    findings = filler(25)
    for doc in ("a", "b", "c"):  # one identity in three files, a namesake, a name with a phone only
        findings += row(doc, 1, first="Robert", last="Kowalczyk", dob="1965-03-30", ssn="123-45-6789")
        findings += row(doc, 2, first="Robert", last="Kowalczyk", phone="(860) 555-0101")
    findings += row("d", 1, first="Robert", last="Kowalczyk", dob="1971-01-02")
    return to_arrow(linkage_rows(build_mentions(findings)))


def test_scoring_distinct_rows_gives_the_pairs_of_every_row(tmp_path: Any) -> None:
    table = _linkage_table()
    d = Distinct.of(table)
    assert len(d.sizes) < table.num_rows and d.sizes.max() >= 3
    by_id = predict(table, tmp_dir=str(tmp_path))  # every row scored (ids)
    ids = table.column("unique_id").to_pylist()
    by_row = predict(table.append_column("row", pa.array(np.arange(table.num_rows), pa.int64())),
                     tmp_dir=str(tmp_path), by_row=True)

    def pairs(ends: tuple[list[Any], list[Any]], prob: list[float]) -> dict[tuple[str, str], float]:
        return {(min(a, b), max(a, b)): p for a, b, p in zip(*ends, prob, strict=True)}

    every = pairs((by_id["unique_id_l"].to_pylist(), by_id["unique_id_r"].to_pylist()),
                  by_id["match_probability"].to_pylist())
    once = pairs(([ids[i] for i in by_row["row_l"].to_pylist()],
                  [ids[i] for i in by_row["row_r"].to_pylist()]), by_row["match_probability"].to_pylist())
    assert len(every) > 30 and every.keys() == once.keys()
    assert max(abs(every[k] - once[k]) for k in every) < 1e-9
    assert all(a < b for a, b in zip(by_row["row_l"].to_pylist(), by_row["row_r"].to_pylist(), strict=True))
    every_row = predict(table.append_column("row", pa.array(np.arange(table.num_rows), pa.int64())),
                        options=LinkageOptions(distinct_rows=False), tmp_dir=str(tmp_path), by_row=True)
    assert set(zip(every_row["row_l"].to_pylist(), every_row["row_r"].to_pylist(), strict=True)) == \
        set(zip(by_row["row_l"].to_pylist(), by_row["row_r"].to_pylist(), strict=True))


def test_the_twin_rule_translates_to_spark() -> None:
    rules = [_block(b).get_blocking_rule("duckdb").as_dict() for b in BLOCKS]
    rule = twin_rule(rules)
    assert all(f'({r["blocking_rule"]})' in rule["blocking_rule"] for r in rules)
    assert rule["blocking_rule"].count("array_length(") == 3  # the phones, e-mails and member ids
    translated = CustomRule(rule["blocking_rule"], sql_dialect="duckdb").create_sql(
        SplinkDialect.from_string("spark"))
    assert '"' not in translated
    named = {type(f).__name__.upper() for f in sqlglot.parse_one(translated, read="spark").find_all(exp.Func)}
    assert "ARRAYSIZE" in named or "SIZE" in translated.upper()
