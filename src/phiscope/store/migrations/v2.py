"""Schema version 2: ``findings.role``, the role of the person a structured
record describes (patient, guarantor, subscriber, next_of_kin…), set by the
readers of HL7 v2, X12, C-CDA, FHIR and the like; NULL for text and tables."""

from __future__ import annotations

import duckdb


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Add the ``role`` column (existing findings get NULL)."""
    con.execute("ALTER TABLE findings ADD COLUMN role VARCHAR")
