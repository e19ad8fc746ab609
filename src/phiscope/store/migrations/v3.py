"""Schema version 3: people resolution (issue 5).

* ``people_mentions``: one row per person mention (a table row, a record, a
  document or part of one): its own findings, co-located findings about
  others (``context_ids``), the grouping confidence and ``identity`` — the
  normalised values it was matched on (JSON; raw PHI, so only here);
* ``people``: one row per resolved person (best name, address, DOB, flags,
  contact channels, exposed element types, mention count);
* ``person_mentions``: which person each mention belongs to;
* ``person_links``: every scored pair kept, with its band (auto/review/
  distinct), a conflict that stopped a merge, and the per-field match weights
  (JSON) that justify it;
* ``people_runs``: when resolution ran, on how many findings, with what settings.

Resolution replaces all five tables' contents in one transaction.
"""

from __future__ import annotations

import duckdb

STATEMENTS = (
    """CREATE TABLE people_mentions (
        mention_id VARCHAR PRIMARY KEY, doc_sha VARCHAR, path VARCHAR, kind VARCHAR, role VARCHAR,
        grouping_confidence DOUBLE, finding_ids VARCHAR[], context_ids VARCHAR[], elements VARCHAR[],
        identity VARCHAR)""",
    """CREATE TABLE people (
        person_id VARCHAR PRIMARY KEY, full_name VARCHAR, address VARCHAR, state VARCHAR, dob VARCHAR,
        minor BOOLEAN, deceased BOOLEAN, deceased_date VARCHAR, phones VARCHAR[], emails VARCHAR[],
        element_types VARCHAR[], mention_count INTEGER, review_links INTEGER)""",
    """CREATE TABLE person_mentions (mention_id VARCHAR PRIMARY KEY, person_id VARCHAR NOT NULL)""",
    """CREATE TABLE person_links (
        mention_l VARCHAR NOT NULL, mention_r VARCHAR NOT NULL, match_probability DOUBLE,
        match_weight DOUBLE, band VARCHAR, conflict VARCHAR, merged BOOLEAN, field_weights VARCHAR)""",
    """CREATE TABLE people_runs (
        resolved_at TIMESTAMP, findings BIGINT, mentions BIGINT, people BIGINT, seconds DOUBLE,
        settings VARCHAR)""",
)


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create the people tables (empty until people are resolved)."""
    for statement in STATEMENTS:
        con.execute(statement)
