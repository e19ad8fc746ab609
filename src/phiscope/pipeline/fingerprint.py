"""Fingerprints: SHA-256 of what a stage reads, so a re-run knows whether anything changed.

Inputs are fingerprinted by path, size and modification time (hashing the content is the scan's
own job: it reads each distinct content once, by SHA-256); small configuration files (incident,
codes, templates) by their bytes; the case's state by its documents, findings and people run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from phiscope import __version__
from phiscope.store.decisions import decisions_digest


def digest(*parts: Any) -> str:
    """SHA-256 of the JSON form of ``parts`` (plus the phiscope version: rules and detectors ship
    with it)."""
    text = json.dumps([__version__, *parts], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_state(files: Iterable[Any]) -> list[tuple[str, int, int]]:
    """(path, size, mtime in ns) of every input file (``phiscope.sources.walk.InputFile``)."""
    out = []
    for f in files:
        try:
            mtime = os.stat(f.fs_path).st_mtime_ns
        except OSError:
            mtime = -1
        out.append((str(f.display_path), int(f.size), mtime))
    return sorted(out)


def file_hash(path: str | Path | None) -> str:
    """SHA-256 of a file's bytes, or of every file under a folder ("" when not given)."""
    if path is None:
        return ""
    p = Path(path)
    h = hashlib.sha256()
    files = sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p]
    for q in files:
        h.update(str(q.relative_to(p) if p.is_dir() else q.name).encode("utf-8") + b"\0")
        with q.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def tree_state(path: str | Path | None) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime) of every file under a folder (a truth folder can be large)."""
    if path is None:
        return []
    p = Path(path)
    if not p.is_dir():
        return [(p.name, p.stat().st_size, p.stat().st_mtime_ns)] if p.exists() else []
    files = sorted(q for q in p.rglob("*") if q.is_file())
    return [(str(q.relative_to(p)), q.stat().st_size, q.stat().st_mtime_ns) for q in files]


def findings_state(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What people resolution reads: the finished documents, the findings count and the reviewers'
    link decisions (``phiscope review``)."""
    row = con.execute("SELECT count(*), md5(coalesce(string_agg(sha, ',' ORDER BY sha), '')) FROM documents "
                      "WHERE status IN ('done', 'failed')").fetchone()
    count = con.execute("SELECT count(*) FROM findings").fetchone()
    return {"documents": int(row[0]) if row else 0, "documents_md5": row[1] if row else "",
            "findings": int(count[0]) if count else 0, "link_decisions": decisions_digest(con)}


def people_state(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What obligations and notices read: the last people resolution."""
    row = con.execute("SELECT resolved_at, findings, people FROM people_runs ORDER BY resolved_at DESC "
                      "LIMIT 1").fetchone()
    return {"resolved_at": str(row[0]), "findings": row[1], "people": row[2]} if row else {}


def qc_state(con: duckdb.DuckDBPyConnection) -> str:
    """The reviewers' answers so far (the report shows them)."""
    row = con.execute("SELECT md5(coalesce(string_agg(kind || ':' || item_id || '=' || answer, ',' "
                      "ORDER BY kind, item_id), '')) FROM qc_reviews").fetchone()
    return str(row[0]) if row else ""
