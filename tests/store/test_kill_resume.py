"""A scan killed with SIGKILL at any point and re-run ends with exactly the
findings of an uninterrupted run; an encrypted WAL is replayed after a kill."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from phiscope.store import CaseStore
from tests.store.store_helpers import FAST_KDF, KEY, SEEDED_SSN, run_workload, snapshot

ROOT = Path(__file__).resolve().parents[2]
DOCS = 150


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.store.kill_child", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_after(case_dir: Path, doc: int, delay: float) -> bool:
    """Run the workload in a child, SIGKILL it once it reaches ``doc``; True if it was killed."""
    proc = _child("scan", str(case_dir), str(DOCS))
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() in (f"doc {doc}", "finished"):
            break
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return proc.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[object, ...]]]:
    case_dir = tmp_path_factory.mktemp("ref") / "case"
    run_workload(case_dir, DOCS)
    snap = snapshot(case_dir)
    assert len(snap["findings"]) > 5000 and len(snap["errors"]) > 10
    return snap


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_then_resumed_equals_uninterrupted(tmp_path: Path, seed: int,
                                                  reference: dict[str, list[tuple[object, ...]]]) -> None:
    rng = random.Random(seed)
    case_dir = tmp_path / "case"
    kills = 2 if seed == 3 else 1  # the last one is killed again while resuming
    killed = 0
    for _ in range(kills):
        killed += _kill_after(case_dir, rng.randrange(3, DOCS - 10), rng.uniform(0.0, 0.03))
    assert killed, "the child should have been killed mid-scan"
    run_workload(case_dir, DOCS)
    assert snapshot(case_dir) == reference
    with CaseStore.open(case_dir, KEY, read_only=True) as store:
        statuses = [r["status"] for r in store.summary()["runs"]]
    assert statuses[-1] == "done" and "interrupted" in statuses


def test_wal_is_replayed_after_kill(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    proc = _child("wal", str(case_dir))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL and "flushed" in out, err
    wal = case_dir / "case.duckdb.wal"
    assert wal.stat().st_size > 1000
    assert SEEDED_SSN.encode() not in wal.read_bytes()
    with CaseStore.open(case_dir, KEY) as store:
        assert len(store.done_shas()) == 5
        assert len(list(store.iter_findings())) == 200


def test_kill_while_creating_leaves_no_half_made_case(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    proc = _child("create", str(case_dir))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err
    assert not case_dir.exists()
    with CaseStore.open_or_create(case_dir, KEY, FAST_KDF) as store:  # a new attempt just works
        assert store.summary()["documents"] == []
