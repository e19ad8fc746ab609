"""How a flush writes findings: one Arrow batch, HMACs from ``hashlib``, one ``INSERT``.

Per finding a flush only copies columns and computes the value HMAC; the
preview and the finding id are derived when read (``sql.PREVIEW``,
``sql.FINDING_ID``).

A finding is identified by ``sql.FINDING_KEY`` (document, detector, element,
location) and stored once, checked without any index:

* inside one flush, distinct row hashes (``open_keys.row_hashes``) prove
  almost every batch free of repeated keys; otherwise an exact ``DISTINCT ON``
  keeps one finding per key;
* across flushes, only a document still open at the end of a flush can get
  more findings: the writer refuses findings of finished documents, and a
  killed run's unfinished documents lose their findings when the case is
  reopened. The row hashes of such documents' stored findings are kept in
  memory (``OpenKeys``) until they finish; only when a later batch of theirs
  has an equal hash (a real repeat, or a collision) does the exact
  comparison with the stored findings run.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.store import sql
from phiscope.store.open_keys import OpenKeys, by_doc, row_hashes
from phiscope.store.value_hmac import ValueHasher

#: DuckDB's row group size. A batch is always merged into one chunk and handed
#: to DuckDB in record batches of this size (scanned in parallel, one per
#: thread): then each INSERT writes full row groups straight to the file and
#: the checkpoint that DuckDB runs after each big commit has (almost) nothing
#: left to merge. Measured: engine-sized 50,000-row batches as they come cost
#: 3.1-3.4 µs/finding (the checkpoint rewrites partial row groups) instead of
#: 2.0-2.2, and tiny per-document batches ~2 µs more than merged ones.
CHUNK_ROWS = 122_880
#: many small tables (one per small document) are merged in groups first:
#: Arrow's per-chunk cost grows with the number of chunks merged at once
#: (measured: 25,000 one-row tables 24 µs per table at once, 11 in groups)
MERGE_GROUP = 64
_VIEW = "phi_batch"


def write_findings(con: duckdb.DuckDBPyConnection, tables: list[pa.Table], hasher: ValueHasher,
                   run_id: int, open_docs: set[str], open_keys: OpenKeys) -> None:
    """Insert findings batches (inside the caller's transaction); remember the row hashes
    of those whose documents stay open (``open_docs``)."""
    batch = _merge(tables)
    hashes = row_hashes(batch)
    groups = by_doc(hashes, open_keys.docs() | open_docs)
    recheck = open_keys.seen(groups)
    dedupe = hashes["h"].n_unique() < batch.num_rows and _may_repeat(batch)
    batch = batch.append_column("value_hmac", hasher.column(batch.column("normalized")))
    con.register(_VIEW, batch.drop_columns(["normalized"]))
    try:
        known = sorted(open_keys.docs())
        statement = sql.insert_findings(_VIEW, dedupe=dedupe, skip_stored=recheck)
        con.execute(statement, [run_id, known] if recheck else [run_id])
    finally:
        con.unregister(_VIEW)
    open_keys.add(groups, open_docs)


def _may_repeat(batch: pa.Table) -> bool:
    """Whether two rows may share a full key (their hashes over all key columns are not distinct)."""
    hashes = row_hashes(batch, sql.FINDING_KEY)["h"]
    return bool(hashes.n_unique() < len(hashes))


def _merge(tables: list[pa.Table]) -> pa.Table:
    if len(tables) > MERGE_GROUP:
        tables = [pa.concat_tables(tables[i:i + MERGE_GROUP]).combine_chunks()
                  for i in range(0, len(tables), MERGE_GROUP)]
    batch = pa.concat_tables(tables).combine_chunks()
    return pa.Table.from_batches(batch.to_batches(max_chunksize=CHUNK_ROWS), schema=batch.schema)
