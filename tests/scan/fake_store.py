"""An in-memory stand-in for the case store, to test the scan pipeline alone."""

from __future__ import annotations

from typing import Any


class MemoryStore:
    """Implements the writer's Store protocol with dicts."""

    def __init__(self) -> None:
        self.paths: set[tuple[str, str]] = set()
        self.docs: dict[str, dict[str, Any]] = {}
        self.findings: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        self.row_keys: list[dict[str, Any]] = []

    def record_path(self, sha: str, path: str, parent_sha: str | None, run_id: int) -> None:
        self.paths.add((sha, path))

    def begin_document(self, sha: str, path: str, size: int, reader_id: str, parent_sha: str | None,
                       depth: int, run_id: int) -> bool:
        if self.docs.get(sha, {}).get("status") == "done":
            return False
        self.findings = [f for f in self.findings if f["doc_sha"] != sha]
        self.row_keys = [k for k in self.row_keys if k["doc_sha"] != sha]
        self.docs[sha] = {"path": path, "reader": reader_id, "status": "in_progress", "depth": depth}
        return True

    def add_findings(self, table: Any, run_id: int) -> None:
        self.findings.extend(table.to_pylist())

    def add_row_keys(self, table: Any, run_id: int) -> None:
        self.row_keys.extend(table.to_pylist())

    def add_error(self, doc_sha: str | None, path: str, kind: str, message: str,
                  loc: dict[str, Any] | None, run_id: int) -> None:
        self.errors.append({"doc_sha": doc_sha, "path": path, "kind": kind, "message": message})

    def finish_document(self, sha: str, status: str, counts: dict[str, int]) -> None:
        self.docs[sha]["status"] = status
