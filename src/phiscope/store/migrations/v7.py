"""Schema version 7: the people tables without primary keys (issue 5).

``people_mentions``, ``people`` and ``person_mentions`` had a ``PRIMARY KEY``; DuckDB keeps such a
key's index in memory and cannot spill it, and resolution replaces the tables in one transaction.
A million-patient case has 11.5 million mentions: inserting them under the case session's memory
limit (1 GB while resolving) failed with "failed to pin block", after an hour of resolution (11.5
million 20-character keys: out of memory after 32 s with the key, 2.8 s without). Each id is unique
by construction (a mention's id hashes its document, kind and key; person ids are assigned once),
and lookups by id scan a column, so the tables are rebuilt without the keys; their rows are kept.
"""

from __future__ import annotations

import duckdb

#: the tables rebuilt, with their columns as in version 3, less the key
TABLES = {
    "people_mentions": """mention_id VARCHAR NOT NULL, doc_sha VARCHAR, path VARCHAR, kind VARCHAR,
        role VARCHAR, grouping_confidence DOUBLE, finding_ids VARCHAR[], context_ids VARCHAR[],
        elements VARCHAR[], identity VARCHAR""",
    "people": """person_id VARCHAR NOT NULL, full_name VARCHAR, address VARCHAR, state VARCHAR, dob VARCHAR,
        minor BOOLEAN, deceased BOOLEAN, deceased_date VARCHAR, phones VARCHAR[], emails VARCHAR[],
        element_types VARCHAR[], mention_count INTEGER, review_links INTEGER""",
    "person_mentions": "mention_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL",
}


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the people tables without their primary keys, keeping their rows."""
    for name, columns in TABLES.items():
        con.execute(f"ALTER TABLE {name} RENAME TO {name}_v6")
        con.execute(f"CREATE TABLE {name} ({columns})")
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {name}_v6")
        con.execute(f"DROP TABLE {name}_v6")
