"""The single writer: applies worker messages to the case store.

Identical content found by two workers in the same run is stored once: the
first ``begin`` for a SHA-256 claims it, later claims only add a path.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.scan.document import Msg


class Store(Protocol):
    """The part of ``phiscope.store.CaseStore`` the writer uses."""

    def record_path(self, sha: str, path: str, parent_sha: str | None, run_id: int) -> None: ...

    def begin_document(self, sha: str, path: str, size: int, reader_id: str, parent_sha: str | None,
                       depth: int, run_id: int) -> bool: ...

    def add_findings(self, table: Any, run_id: int) -> None: ...

    def add_row_keys(self, table: Any, run_id: int) -> None: ...

    def add_error(self, doc_sha: str | None, path: str, kind: str, message: str,
                  loc: dict[str, Any] | None, run_id: int) -> None: ...

    def finish_document(self, sha: str, status: str, counts: dict[str, int]) -> None: ...


@dataclass
class ScanStats:
    """Counters shown at the end of a scan."""

    files: int = 0
    documents: int = 0
    skipped_known: int = 0
    duplicates: int = 0
    findings: int = 0
    errors: int = 0
    failed_documents: int = 0
    bytes: int = 0
    chars: int = 0
    table_rows: int = 0
    by_element: Counter[str] = field(default_factory=Counter)
    errors_by_kind: Counter[str] = field(default_factory=Counter)

    @property
    def partial(self) -> bool:
        """Whether some input could not be read completely."""
        return self.errors > 0


class ScanWriter:
    """Applies messages in arrival order."""

    def __init__(self, store: Store, run_id: int) -> None:
        self.store = store
        self.run_id = run_id
        self.stats = ScanStats()
        self._owner: dict[str, int] = {}  # sha -> task that stores it in this run
        self._active: set[tuple[int, str]] = set()

    def apply(self, msg: Msg) -> None:
        """Apply one message."""
        kind = msg[0]
        getattr(self, f"_on_{kind}")(*msg[1:])

    def _on_path(self, task: int, sha: str, path: str, parent_sha: str | None) -> None:
        self.store.record_path(sha, path, parent_sha, self.run_id)

    def _on_begin(self, task: int, sha: str, path: str, size: int, reader_id: str,
                  parent_sha: str | None, depth: int) -> None:
        if sha in self._owner:
            self.stats.duplicates += 1
            return
        self._owner[sha] = task
        if self.store.begin_document(sha, path, size, reader_id, parent_sha, depth, self.run_id):
            self._active.add((task, sha))
            self.stats.documents += 1
            self.stats.bytes += size
        else:
            self.stats.skipped_known += 1

    def _on_findings(self, task: int, sha: str, table: Any) -> None:
        if (task, sha) not in self._active:
            return
        self.store.add_findings(table, self.run_id)
        self.stats.findings += table.num_rows
        for count in pc.value_counts(table.column("element")).to_pylist():  # not a str per finding
            self.stats.by_element[count["values"]] += count["counts"]

    def _on_keys(self, task: int, sha: str, table: Any) -> None:
        if (task, sha) in self._active:
            self.store.add_row_keys(table, self.run_id)

    def _on_error(self, task: int, sha: str | None, path: str, kind: str, message: str,
                  loc: dict[str, Any] | None) -> None:
        if sha is not None and (task, sha) not in self._active:
            return
        self.store.add_error(sha, path, kind, message, loc, self.run_id)
        self.stats.errors += 1
        self.stats.errors_by_kind[kind] += 1

    def _on_done(self, task: int, sha: str, status: str, counts: dict[str, int]) -> None:
        if (task, sha) not in self._active:
            return
        self._active.discard((task, sha))
        self.store.finish_document(sha, status, counts)
        self.stats.chars += counts.get("chars", 0)
        self.stats.table_rows += counts.get("table_rows", 0)
        if status != "done":
            self.stats.failed_documents += 1
