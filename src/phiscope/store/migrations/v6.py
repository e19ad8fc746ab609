"""Schema version 6: relational key joins and reviewed links (issue 5).

* ``row_keys``: the id-like cells of table rows (``Id``, ``PATIENT``, ``guarantor_id``, ...) that
  no detector claims, as keyed hashes (HMAC-SHA256 under the case key, like ``value_hmac``) with
  their document, table (``table_id`` as the reader names it, ``table_name``: the SQL table,
  sheet or file stem), column and ``row_key``, and whether the key is ``strong`` (a long token such as a UUID,
  not a counter every table shares: ``scan.keys.strong``). People resolution joins rows that hold no
  identity of their own (``conditions.csv`` keyed by ``PATIENT``) to the person of the row the
  key points at (``patients.csv`` row with that ``Id``). A document's keys are written and
  forgotten together with its findings (a killed run's unfinished documents lose both).
* ``link_decisions``: a reviewer's must-link / cannot-link decision about two person mentions
  (``phiscope review``), honoured by every later resolution; one row per pair (``left_mention``
  < ``right_mention``), the latest decision wins.
"""

from __future__ import annotations

import duckdb

STATEMENTS = (
    """CREATE TABLE row_keys (
        doc_sha VARCHAR NOT NULL, row_key VARCHAR NOT NULL, table_id VARCHAR, table_name VARCHAR,
        "column" VARCHAR NOT NULL, key_hmac BLOB NOT NULL, strong BOOLEAN, run_id BIGINT)""",
    """CREATE TABLE link_decisions (
        left_mention VARCHAR NOT NULL, right_mention VARCHAR NOT NULL, decision VARCHAR NOT NULL
            CHECK (decision IN ('must_link', 'cannot_link')),
        reviewer VARCHAR, note VARCHAR, decided_at TIMESTAMP,
        PRIMARY KEY (left_mention, right_mention))""",
)


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create the row-key and link-decision tables (empty until a scan / ``phiscope review``)."""
    for statement in STATEMENTS:
        con.execute(statement)
