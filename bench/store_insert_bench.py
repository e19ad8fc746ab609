"""The encrypted case store's insert floor: how fast findings can be stored at all.

Inserts N synthetic table findings (12 per row, as in the CSV bench) into an encrypted DuckDB
database the way the store opens it (``store.db.connect``): once into the real ``findings``
table (every migration applied), once into a bare four-column table (value, HMAC, row, column).
Prints µs per finding and findings/s for both, and the ratio; the difference is what a leaner
representation of table findings could win, the bare figure what no representation beats.

    .venv/bin/python bench/store_insert_bench.py --findings 1200000
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.store import db
from phiscope.store.crypto import SubKeys
from phiscope.store.schema import migrate
from phiscope.store.sql import STORED_FINDING_COLUMNS

COLUMNS = ["SSN", "DOB", "MRN", "Address", "City", "State", "Zip", "Phone", "Email", "Member ID",
           "Dx Code", "Name"]
_TYPES = {"doc_sha": pa.string(), "element": pa.string(), "detector_id": pa.string(), "value": pa.string(),
          "value_hmac": pa.binary(), "mask_first": pa.int8(), "mask_last": pa.int8(),
          "confidence": pa.float64(), "validation": pa.string(), "path": pa.string(), "page": pa.int32(),
          "sheet": pa.string(), "row": pa.int64(), "column": pa.string(), "col_index": pa.int32(),
          "json_path": pa.string(), "mime_part": pa.string(), "line": pa.int64(), "offset": pa.int64(),
          "length": pa.int32(), "row_key": pa.string(), "role": pa.string(), "flags": pa.string(),
          "run_id": pa.int64()}


def findings(n: int, seed: int = 3) -> pa.Table:
    """``n`` synthetic findings of a 12-column patient export (values random, HMACs random)."""
    rnd = random.Random(seed)
    rows = [i // len(COLUMNS) for i in range(n)]
    cols = [COLUMNS[i % len(COLUMNS)] for i in range(n)]
    data = {
        "doc_sha": ["a" * 64] * n, "element": [c.lower() for c in cols],
        "detector_id": [c.lower() for c in cols],
        "value": [f"{rnd.randrange(10**9):09d}" for _ in range(n)],
        "value_hmac": [os.urandom(32) for _ in range(n)], "mask_first": [0] * n, "mask_last": [4] * n,
        "confidence": [0.9] * n, "validation": ["valid"] * n, "path": ["/export/patients.csv"] * n,
        "page": [None] * n, "sheet": [None] * n, "row": rows, "column": cols,
        "col_index": [i % len(COLUMNS) + 1 for i in range(n)], "json_path": [None] * n,
        "mime_part": [None] * n,
        "line": [r + 2 for r in rows], "offset": [0] * n, "length": [9] * n,
        "row_key": [f"aaaaaaaaaaaaaaaa:t1:{r}" for r in rows], "role": [None] * n, "flags": [None] * n,
        "run_id": [1] * n,
    }
    table = pa.table({k: pa.array(data[k], _TYPES[k]) for k in STORED_FINDING_COLUMNS})
    return pa.Table.from_batches(table.to_batches(max_chunksize=122_880))


def _insert(folder: Path, table: pa.Table, bare: bool) -> float:
    keys = SubKeys(db_key=os.urandom(32), hmac_key=os.urandom(32), check_key=os.urandom(32))
    (folder / "tmp").mkdir(parents=True)
    con = db.connect(folder, folder / "case.duckdb", folder / "tmp", keys)
    try:
        if bare:
            con.execute('CREATE TABLE cells (value VARCHAR, value_hmac BLOB USING COMPRESSION uncompressed, '
                        '"row" BIGINT, col_index INTEGER)')
            table = table.select(["value", "value_hmac", "row", "col_index"])
            statement = "INSERT INTO cells SELECT * FROM batch"
        else:
            migrate(con, str(folder))
            names = ", ".join(f'"{c}"' for c in STORED_FINDING_COLUMNS)
            statement = f"INSERT INTO findings ({names}) SELECT {names} FROM batch"
        con.register("batch", table)
        t0 = time.perf_counter()
        con.execute("BEGIN")
        con.execute(statement)
        con.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=1_200_000)
    n = parser.parse_args().findings
    table = findings(n)
    with tempfile.TemporaryDirectory() as tmp:
        full = _insert(Path(tmp) / "full", table, bare=False)
        bare = _insert(Path(tmp) / "bare", table, bare=True)
    for name, sec in (("findings table", full), ("bare 4 columns", bare)):
        print(f"{name:15} {sec / n * 1e6:6.2f} µs/finding  {n / sec:12,.0f} findings/s  "
              f"{n / sec / len(COLUMNS):10,.0f} rows/s of {len(COLUMNS)} findings")
    print(f"bare / findings table speed: {full / bare:.2f}x  (DuckDB threads: {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
