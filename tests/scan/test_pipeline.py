"""The scan pipeline end to end, with an in-memory store."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope.readers.base import ReadContext
from phiscope.scan.runner import WorkerConfig, run
from phiscope.scan.writer import ScanWriter
from phiscope.sources.walk import walk
from tests.scan.fake_store import MemoryStore


def _scan(paths: list[str], workers: int, tmp_path: Path, store: MemoryStore | None = None) -> MemoryStore:
    store = store or MemoryStore()
    writer = ScanWriter(store, 1)
    cfg = WorkerConfig(ReadContext(tmp_dir=str(tmp_path)),
                       frozenset(s for s, d in store.docs.items() if d["status"] == "done"))
    run(list(walk(paths)), writer, cfg, workers)
    return store


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "note.txt").write_text("Patient SSN: 123-45-6780\nfollow up\n")
    (root / "sub" / "copy.txt").write_text("Patient SSN: 123-45-6780\nfollow up\n")  # same content
    (root / "pts.csv").write_text("name,SSN\nA,234-56-7891\nB,345678912\n")
    (root / "blob.bin").write_bytes(bytes(range(256)) * 4)
    return root


@pytest.mark.parametrize("workers", [1, 2])
def test_scan_finds_dedups_and_records_paths(corpus: Path, tmp_path: Path, workers: int) -> None:
    store = _scan([str(corpus)], workers, tmp_path)
    ssns = sorted(f["value"] for f in store.findings if f["element"] == "ssn")
    assert ssns == ["123-45-6780", "234-56-7891", "345678912"]
    note = next(f for f in store.findings if f["value"] == "123-45-6780")
    assert note["line"] == 1 and note["offset"] == 13
    assert len([p for p in store.paths if p[1].endswith(("note.txt", "copy.txt"))]) == 2
    assert [e["kind"] for e in store.errors] == ["unsupported"]


def test_rescan_adds_nothing(corpus: Path, tmp_path: Path) -> None:
    store = _scan([str(corpus)], 1, tmp_path)
    before = list(store.findings)
    _scan([str(corpus)], 1, tmp_path, store)
    assert store.findings == before
