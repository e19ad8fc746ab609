"""Splink compares each distinct identity once: identical mentions share one linkage row.

A patient's identity repeats across a breach's files (the same name, DOB, SSN and address in the
EHR export, two billing workbooks and a lab table), so about a third of a case's linkage rows equal
another one (10,000 patients: 121,087 rows, 82,040 distinct; a million: about 11.5 million, 7.6
million distinct). Splink's comparisons and blocks depend on the compared values only, so a pair of
mentions scores what the pair of their distinct rows scores, and a pair of identical mentions what
two copies of their row score. ``Distinct`` numbers the distinct rows (``reps``, Splink's input,
each row's number its id), gives the table of two copies of each row held by two or more mentions
(``twins``, scored under the blocks' own conditions: ``twin_rule``), and turns scored pairs of
distinct rows back into the mentions' pairs (``expand``, ``expand_twins``): the pairs, weights and
probabilities of the whole table, with fewer rows and far fewer pairs for Splink to score. The term
frequencies a comparison adjusts for are the whole table's (``term_frequencies``), not the distinct
rows'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

#: the twins' column naming their distinct row (both copies hold the same number)
TWIN = "phi_twin"
#: a pair's two ends (``linkage.predict``'s ``by_row`` columns)
ENDS = ("row_l", "row_r")


@dataclass(frozen=True)
class Distinct:
    """The distinct rows of a linkage table: ``reps`` (each distinct row once, ``unique_id`` its
    number, first seen first), and for each, its rows of the table (``members[starts[d]:starts[d] +
    sizes[d]]``, in the table's order)."""

    reps: pa.Table
    members: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray

    @classmethod
    def of(cls, table: pa.Table, ignore: Sequence[str] = ("unique_id", "row")) -> Distinct:
        """``table``'s rows grouped by every column but ``ignore``: equal where every value is
        (a null only equals a null, a list only the same list in the same order)."""
        kept = table.drop_columns([c for c in ignore if c in table.column_names])
        # each column as integer codes, one column at a time (a million patients: 11.5 million rows)
        codes = pl.DataFrame({f"c{i}": _code(kept.column(i)) for i in range(kept.num_columns)})
        grouped = (codes.with_row_index("_row").group_by(codes.columns, maintain_order=True)
                   .agg(pl.col("_row")))
        del codes
        rows = grouped.get_column("_row")
        sizes = rows.list.len().to_numpy().astype(np.int64)
        at = rows.explode().to_numpy().astype(np.int64)  # positions in ``table``
        starts = np.cumsum(sizes) - sizes
        reps = kept.take(pa.array(at[starts]))
        reps = reps.append_column("unique_id", pa.array(np.arange(len(sizes), dtype=np.int64)))
        members = at  # the rows' own numbers where they have them
        if "row" in table.column_names:
            members = np.asarray(table.column("row").to_numpy(), np.int64)[at]
        return cls(reps, members, starts, sizes)

    @cached_property
    def shared(self) -> np.ndarray:
        """The distinct rows two or more of the table's rows hold (once: every twin batch reads it)."""
        return np.flatnonzero(self.sizes > 1)

    def twins(self) -> pa.Table:
        """Two copies of each shared distinct row (ids ``2k`` and ``2k + 1`` for the ``k``-th, both
        with ``TWIN`` = ``k``): their pair is what two mentions of that row score."""
        shared = self.shared
        copies = np.repeat(shared, 2)
        out = self.reps.drop_columns(["unique_id"]).take(pa.array(copies))
        k = np.repeat(np.arange(len(shared), dtype=np.int64), 2)
        return (out.append_column(TWIN, pa.array(k))
                .append_column("unique_id", pa.array(np.arange(2 * len(shared), dtype=np.int64))))

    def expand(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Scored pairs of distinct rows (``ENDS``) as every pair of their rows (the row pair's
        ends in ascending order), each with its distinct pair's other columns."""
        a, b = (np.asarray(batch.column(e).to_numpy(zero_copy_only=False), np.int64) for e in ENDS)
        na, nb = self.sizes[a], self.sizes[b]
        n = na * nb
        pair = np.repeat(np.arange(len(a)), n)
        at = np.arange(int(n.sum()), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
        width = nb[pair]
        left = self.members[self.starts[a][pair] + at // width]
        right = self.members[self.starts[b][pair] + at % width]
        return _with_ends(batch.take(pa.array(pair)), np.minimum(left, right), np.maximum(left, right))

    def expand_twins(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Scored twin pairs (``ENDS``: ids of ``twins``) as every pair of the rows holding that
        distinct row, each with its twin pair's other columns."""
        twin = np.asarray(batch.column(ENDS[0]).to_numpy(zero_copy_only=False), np.int64) // 2
        shared = self.shared[twin]
        sizes = self.sizes[shared]
        takes: list[np.ndarray] = []
        lefts: list[np.ndarray] = []
        rights: list[np.ndarray] = []
        for size in np.unique(sizes):
            which = np.flatnonzero(sizes == size)
            i, j = np.triu_indices(int(size), 1)
            block = self.members[self.starts[shared[which]][:, None] + np.arange(size)]
            takes.append(np.repeat(which, len(i)))
            lefts.append(block[:, i].ravel())
            rights.append(block[:, j].ravel())
        if not takes:
            return _with_ends(batch.slice(0, 0), np.empty(0, np.int64), np.empty(0, np.int64))
        return _with_ends(batch.take(pa.array(np.concatenate(takes))), np.concatenate(lefts),
                          np.concatenate(rights))


def predict_distinct(eng: Any, keyed: pa.Table, model: dict[str, Any], tf_columns: Sequence[str],
                     chunks: Callable[[Any, int], Iterable[pa.RecordBatchReader]]
                     ) -> Iterator[pa.RecordBatchReader]:
    """The scored pairs of ``keyed``'s rows (by their ``row`` numbers) under Splink's ``model`` on
    ``eng`` (a ``LinkageEngine``), scored once per pair of distinct rows and once per row two or
    more mentions share, with the whole table's term frequencies of ``tf_columns``. ``chunks(linker,
    rows)``: the scored pairs of a linker over that many rows (``linkage._chunks``)."""
    from splink import Linker

    rows = Distinct.of(keyed)
    frequencies = [(c, term_frequencies(keyed, c)) for c in tf_columns]
    del keyed
    twin_model = {**model, "blocking_rules_to_generate_predictions": [
        twin_rule(model["blocking_rules_to_generate_predictions"])]}
    for table, settings, by_twins in ((rows.twins(), twin_model, True), (rows.reps, model, False)):
        # the distinct rows' numbers as Splink's ids: its joins, its blocked pairs and their
        # de-duplication carry two integers a pair, not two 20-character strings
        scored_input = eng.register(table, "phiscope_predict")
        linker = Linker(scored_input, settings, log_level=None)
        for column, tf in frequencies:
            linker.table_management.register_term_frequency_lookup(eng.register(tf, f"phiscope_tf_{column}"),
                                                                    column)
        expand = rows.expand_twins if by_twins else rows.expand
        for reader in chunks(linker, table.num_rows):
            yield expanded(reader, expand)
        scored_input.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)


def expanded(reader: pa.RecordBatchReader, expand: Any) -> pa.RecordBatchReader:
    """``reader``'s batches through ``expand`` (same schema)."""
    def batches() -> Iterator[pa.RecordBatch]:
        for batch in reader:
            yield expand(batch)
    return pa.RecordBatchReader.from_batches(reader.schema, batches())


def twin_rule(rules: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One blocking rule (Splink's serialised form, in the rules' SQL dialect) pairing a twin with its
    copy where any of ``rules`` would pair two mentions of that row: a rule exploding a list column
    pairs them only where the list has a value."""
    dialect = str(rules[0].get("sql_dialect", "duckdb")) if rules else "duckdb"

    def ours(sql: str) -> str:  # written for DuckDB, said in the rules' dialect
        import sqlglot

        return sql if dialect == "duckdb" else str(sqlglot.transpile(sql, read="duckdb", write=dialect)[0])

    conditions = []
    for rule in rules:
        lists = [ours(f'array_length(l."{c}") > 0') for c in rule.get("arrays_to_explode") or ()]
        conditions.append("(" + " AND ".join([f"({rule['blocking_rule']})", *lists]) + ")")
    either = " OR ".join(conditions) or "FALSE"
    return {"blocking_rule": f'{ours(f"l.{TWIN} = r.{TWIN}")} AND ({either})', "sql_dialect": dialect}


def term_frequencies(table: pa.Table, column: str) -> pa.Table:
    """Splink's term-frequency table of ``column`` over ``table`` (``tf_<column>``: a value's share
    of the column's non-null values), to register for a linker of fewer rows."""
    frame = pl.from_arrow(table.select([column]))
    assert isinstance(frame, pl.DataFrame)
    known = frame.filter(pl.col(column).is_not_null())
    out = known.group_by(column).agg((pl.len().cast(pl.Float64) / max(known.height, 1)).alias(f"tf_{column}"))
    return out.to_arrow()


def _code(column: pa.ChunkedArray) -> pl.Series:
    """A column's values as integers equal where the values are (Arrow's dictionary encoding; a list
    by its length and items, a null list and a list of a null apart)."""
    if pa.types.is_list(column.type):
        column = pc.binary_join_element_wise(
            pc.cast(pc.list_value_length(column), pa.string()), pc.binary_join(column, "\x1f"), ":",
            null_handling="replace", null_replacement="\x00")
    return pl.Series(column.combine_chunks().dictionary_encode().indices)


def _with_ends(batch: pa.RecordBatch, left: np.ndarray, right: np.ndarray) -> pa.RecordBatch:
    """``batch`` with its ``ENDS`` columns replaced by ``left`` and ``right``."""
    names = batch.schema.names
    arrays = [pa.array(left) if n == ENDS[0] else pa.array(right) if n == ENDS[1] else batch.column(i)
              for i, n in enumerate(names)]
    return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)
