"""Performance knobs of an open case (none of them changes what is stored)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoreTuning:
    """Knobs: when buffered writes are flushed (after ``flush_rows`` findings,
    ``flush_records`` document/path/error rows or ``flush_seconds``) and DuckDB's memory limit
    (e.g. ``"4GB"``; None = DuckDB's default, 80% of RAM; beyond it DuckDB
    spills to encrypted temp files in the case's ``tmp/``)."""

    #: measured: a flush of at least one DuckDB row group (122,880 findings) is written straight
    #: to the file; smaller ones go through the WAL and a checkpoint and cost ~2x per finding
    flush_rows: int = 500_000
    flush_seconds: float = 5.0
    flush_records: int = 50_000
    memory_limit: str | None = None
    #: attach an encrypted scratch database (``SCRATCH``, in ``tmp/``, deleted on close) for large
    #: intermediate tables: stored compressed, unlike a temporary table's spilled blocks
    scratch: bool = False


DEFAULT_TUNING = StoreTuning()
