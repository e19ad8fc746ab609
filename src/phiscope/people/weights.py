"""Splink's scored pairs, with their per-field weights, kept out of Python memory until stored.

A 100,000-patient case gives about 4.4 million scored pairs and every one carries thirteen per-field
match weights (``mw_*``): 718 MiB as Arrow columns, and ten times that for a breach of a million
patients. The clustering reads only each pair's two mentions and its probability; the weights are
needed for the pairs a resolution keeps (``links.kept_pairs``: about half), when they are stored.
So ``PairWeights`` takes the pairs as Splink streams them out and keeps them in a temporary table of
the case's DuckDB session (beyond its memory limit DuckDB moves it to temporary files, which the
case session encrypts), or in memory where there is no session (a small case, a test).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

_TABLE = "phiscope_pair_weights"


class PairWeights:
    """Scored pairs numbered in the order they were added (``add``); ``take`` gives some of them back
    by number. With ``con`` they wait in a temporary table of that session, else in memory."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self._con = con
        self._batches: list[pa.RecordBatch] = []
        self._schema: pa.Schema | None = None
        self.num_rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        """The next scored pairs (numbered on from the last)."""
        if self._schema is None:
            self._schema = batch.schema
            if self._con is not None:
                self._con.execute(f"DROP TABLE IF EXISTS temp.{_TABLE}")
                self._con.register("_phi_pairs", pa.Table.from_batches([], batch.schema))
                try:
                    self._con.execute(f"CREATE TEMP TABLE {_TABLE} AS "
                                      "SELECT 0::BIGINT AS pair, * FROM _phi_pairs LIMIT 0")
                finally:
                    self._con.unregister("_phi_pairs")
        if self._con is None:
            self._batches.append(batch)
        else:
            number = np.arange(self.num_rows, self.num_rows + batch.num_rows, dtype=np.int64)
            numbered = pa.table([pa.array(number), *batch.columns], names=["pair", *batch.schema.names])
            self._con.register("_phi_pairs", numbered)
            try:
                self._con.execute(f"INSERT INTO {_TABLE} SELECT * FROM _phi_pairs")
            finally:
                self._con.unregister("_phi_pairs")
        self.num_rows += batch.num_rows

    def take(self, numbers: Sequence[int] | np.ndarray | pa.Array) -> pa.Table:
        """The pairs numbered ``numbers``, in that order."""
        where = np.asarray(numbers.to_numpy() if isinstance(numbers, pa.Array) else numbers, np.int64)
        if self._schema is None:
            if len(where):
                raise IndexError("no pairs were added")
            return pa.table({})
        if self._con is None:
            return pa.Table.from_batches(self._batches, self._schema).take(pa.array(where, pa.int64()))
        self._con.register("_phi_wanted", pa.table({"k": np.arange(len(where)), "pair": where}))
        try:
            cols = ", ".join(f'w."{c}"' for c in self._schema.names)
            out = self._con.execute(f"SELECT {cols} FROM _phi_wanted JOIN {_TABLE} w USING (pair) "
                                    "ORDER BY k").fetch_arrow_table()
        finally:
            self._con.unregister("_phi_wanted")
        if out.num_rows != len(where):
            raise IndexError("a pair number beyond the pairs added")
        return out.cast(self._schema)

    def close(self) -> None:
        """Drop what is held."""
        self._batches = []
        if self._con is not None:
            self._con.execute(f"DROP TABLE IF EXISTS temp.{_TABLE}")
