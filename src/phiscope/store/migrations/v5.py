"""Schema version 5: the one-command pipeline and the case report (issue 8).

* ``pipeline_stages``: the last finished run of each stage of ``phiscope run`` (scan, people,
  obligations, notices, evaluate, report): the fingerprint of its inputs and settings (SHA-256),
  when it finished, how long it took and what it produced (JSON counts, no personal values). A
  re-run skips a stage whose fingerprint is unchanged.
* ``qc_reviews``: a reviewer's answer about one item of the QC sample (a person or a document
  phiscope found no PHI in); one row per item, the latest answer wins.
"""

from __future__ import annotations

import duckdb

STATEMENTS = (
    """CREATE TABLE pipeline_stages (
        stage VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL, finished_at TIMESTAMP, seconds DOUBLE,
        result VARCHAR)""",
    """CREATE TABLE qc_reviews (
        kind VARCHAR NOT NULL, item_id VARCHAR NOT NULL, answer VARCHAR NOT NULL, reviewer VARCHAR,
        note VARCHAR, reviewed_at TIMESTAMP, PRIMARY KEY (kind, item_id))""",
)


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create the pipeline and QC tables (empty until ``phiscope run`` / ``phiscope qc``)."""
    for statement in STATEMENTS:
        con.execute(statement)
