"""The report's SQL over an open case: counts, states, files and formats (never a raw value)."""

from __future__ import annotations

from typing import Any

import duckdb


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Query results as dicts."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """One count."""
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def files_read(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Input files, documents read (archive members and attachments included), unreadable, partial."""
    return {
        "input_files": scalar(con, "SELECT count(*) FROM document_paths WHERE parent_sha IS NULL"),
        "documents": scalar(con, "SELECT count(*) FROM documents"),
        "read": scalar(con, "SELECT count(*) FROM documents WHERE status = 'done'"),
        "unreadable": scalar(con, "SELECT count(*) FROM documents WHERE status = 'failed'"),
        "partly_read": scalar(con, "SELECT count(DISTINCT e.doc_sha) FROM errors e JOIN documents d "
                                   "ON d.sha = e.doc_sha WHERE d.status = 'done'"),
        "with_phi": scalar(con, "SELECT count(DISTINCT doc_sha) FROM findings"),
        "bytes": scalar(con, "SELECT coalesce(sum(size), 0) FROM documents WHERE depth = 0"),
    }


def people_by_state(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Affected people per state code ("" = unknown)."""
    return {str(r[0] or ""): int(r[1]) for r in con.execute(
        "SELECT upper(coalesce(state, '')), count(*) FROM people GROUP BY 1").fetchall()}


def people_by_element(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """People exposed per element type, most first."""
    return rows(con, "SELECT e AS element, count(*) AS people FROM people, unnest(element_types) t(e) "
                     "GROUP BY e ORDER BY people DESC, element")


def top_files(con: duckdb.DuckDBPyConnection, limit: int = 15) -> list[dict[str, Any]]:
    """Files by the number of people whose data they exposed, with the element types found."""
    return rows(con, "SELECT m.path, count(DISTINCT p.person_id) AS people, "
                     "list_sort(list_distinct(flatten(list(m.elements)))) AS elements "
                     "FROM people_mentions m JOIN person_mentions p USING (mention_id) "
                     "GROUP BY m.path ORDER BY people DESC, m.path LIMIT ?", [limit])


def formats_by_element(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Findings per (reader, element): which file types held what."""
    return rows(con, "SELECT d.reader_id AS format, f.element, count(*) AS findings FROM findings f "
                     "JOIN documents d ON d.sha = f.doc_sha GROUP BY ALL ORDER BY format, element")


def documents_by_format(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Documents per reader, with how many held PHI and how many could not be read."""
    return rows(con, "SELECT coalesce(reader_id, '?') AS format, count(*) AS documents, "
                     "count(*) FILTER (WHERE sha IN (SELECT doc_sha FROM findings)) AS with_phi, "
                     "count(*) FILTER (WHERE status = 'failed') AS unreadable FROM documents "
                     "GROUP BY ALL ORDER BY documents DESC, format")


def input_hashes(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """SHA-256 of every input file as given (archive members are inside their archive's hash)."""
    return rows(con, "SELECT path, sha FROM document_paths WHERE parent_sha IS NULL ORDER BY path")


def errors_by_kind(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Input problems per kind."""
    return rows(con, "SELECT kind, count(*) AS errors FROM errors GROUP BY kind ORDER BY errors DESC, kind")
