"""Rows a resolution makes by the million and needs only later, kept out of Python memory.

A 100,000-patient case gives about 4.4 million scored pairs and every one carries thirteen per-field
match weights (``mw_*``): 718 MiB as Arrow columns, and ten times that for a breach of a million
patients. The clustering reads only each pair's two mentions and its probability; the weights are
needed for the pairs a resolution keeps (``links.kept_pairs``: about half), when they are stored.
``SessionRows`` keeps such rows in a temporary table of the case's DuckDB session (beyond its memory
limit DuckDB moves it to temporary files, which the case session encrypts), or in memory where there
is no session (a small case, a test); ``PairWeights`` numbers Splink's pairs as they stream out and
gives some back by number; ``links.LinkRows`` holds the kept pairs' ``person_links`` rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.store.db import registered


class SessionRows:
    """Rows added a table or batch at a time: in temporary table ``name`` of ``con``, else in memory.
    The table is made from ``schema``, or from the first rows added."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None, name: str,
                 schema: pa.Schema | None = None) -> None:
        self._con = con
        self._name = name
        self._parts: list[pa.Table] = []
        self.schema: pa.Schema | None = None
        self.num_rows = 0
        if schema is not None:
            self._create(schema)

    def _create(self, schema: pa.Schema) -> None:
        self.schema = schema
        if self._con is not None:
            self._con.execute(f"DROP TABLE IF EXISTS temp.{self._name}")
            with registered(self._con, "_phi_rows", schema.empty_table()) as view:
                self._con.execute(f"CREATE TEMP TABLE {self._name} AS SELECT * FROM {view} LIMIT 0")

    def add(self, rows: pa.Table | pa.RecordBatch) -> None:
        """More rows (of the table's schema)."""
        if self.schema is None:
            self._create(rows.schema)
        if self._con is None:
            self._parts.append(pa.Table.from_batches([rows]) if isinstance(rows, pa.RecordBatch) else rows)
        else:
            with registered(self._con, "_phi_rows", rows) as view:
                self._con.execute(f"INSERT INTO {self._name} SELECT * FROM {view}")
        self.num_rows += rows.num_rows

    def table(self, combine: bool = True) -> pa.Table | None:
        """The rows, held in memory (None when they wait in the session: ``sql``); ``combine``: in
        one chunk per column (else as added, without a copy)."""
        if self._con is not None:
            return None
        held = pa.concat_tables([(self.schema or pa.schema([])).empty_table(), *self._parts])
        return held.combine_chunks() if combine else held

    def sql(self) -> str | None:
        """A query on the session giving the rows (None when they are in memory: ``table``)."""
        return None if self._con is None else f"SELECT * FROM temp.{self._name}"

    def close(self) -> None:
        """Drop what is held."""
        self._parts = []
        if self._con is not None:
            self._con.execute(f"DROP TABLE IF EXISTS temp.{self._name}")


class PairWeights:
    """Scored pairs numbered in the order they were added (``add``); ``take`` gives some of them back
    by number. With ``con`` they wait in a temporary table of that session, else in memory."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self._rows = SessionRows(con, "phiscope_pair_weights")
        self._con = con
        self._schema: pa.Schema | None = None

    @property
    def num_rows(self) -> int:
        """How many pairs were added."""
        return self._rows.num_rows

    def add(self, batch: pa.RecordBatch) -> None:
        """The next scored pairs (numbered on from the last)."""
        self._schema = self._schema or batch.schema
        number = np.arange(self.num_rows, self.num_rows + batch.num_rows, dtype=np.int64)
        self._rows.add(pa.table([pa.array(number), *batch.columns], names=["pair", *batch.schema.names]))

    def take(self, numbers: Sequence[int] | np.ndarray | pa.Array) -> pa.Table:
        """The pairs numbered ``numbers``, in that order."""
        where = np.asarray(numbers.to_numpy() if isinstance(numbers, pa.Array) else numbers, np.int64)
        if self._schema is None:
            if len(where):
                raise IndexError("no pairs were added")
            return pa.table({})
        if len(where) and (where.min() < 0 or where.max() >= self.num_rows):
            raise IndexError("a pair number beyond the pairs added")
        held = self._rows.table(combine=False)
        if held is not None:
            return held.take(pa.array(where, pa.int64())).drop_columns(["pair"])
        assert self._con is not None
        cols = ", ".join(f'w."{c}"' for c in self._schema.names)
        wanted = pa.table({"k": np.arange(len(where)), "pair": where})
        with registered(self._con, "_phi_wanted", wanted) as view:
            out = self._con.execute(f"SELECT {cols} FROM {view} JOIN ({self._rows.sql()}) w USING (pair) "
                                    "ORDER BY k").fetch_arrow_table()
        return out.cast(self._schema)

    def close(self) -> None:
        """Drop what is held."""
        self._rows.close()
