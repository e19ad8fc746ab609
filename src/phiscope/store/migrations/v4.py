"""Schema version 4: notices (issue 7).

* ``notice_mailings``: one row per ``phiscope notices`` run that sent letters (rolling batches);
* ``notice_letters``: one row per letter: person, mailing, print batch, pages, language, kind
  (``initial`` or ``correction``, with the letter it corrects) and the enrollment code printed;
* ``enrollment_codes``: the vendor's identity-protection codes; a code is assigned to at most
  one person (primary key), and a person keeps theirs in a correction letter.
"""

from __future__ import annotations

import duckdb

STATEMENTS = (
    """CREATE TABLE notice_mailings (
        mailing_no INTEGER PRIMARY KEY, created_at TIMESTAMP, letters BIGINT, no_address BIGINT,
        out_dir VARCHAR)""",
    """CREATE TABLE notice_letters (
        letter_id VARCHAR PRIMARY KEY, person_id VARCHAR NOT NULL, mailing_no INTEGER, batch_no INTEGER,
        first_page INTEGER, pages INTEGER, language VARCHAR, kind VARCHAR, corrects VARCHAR,
        enrollment_code VARCHAR, notified_at TIMESTAMP)""",
    """CREATE TABLE enrollment_codes (
        code VARCHAR PRIMARY KEY, source VARCHAR, loaded_at TIMESTAMP, person_id VARCHAR,
        assigned_at TIMESTAMP)""",
)


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create the notice tables (empty until notices are generated)."""
    for statement in STATEMENTS:
        con.execute(statement)
