"""Child process for the kill-and-resume tests (run with ``python -m tests.store.kill_child``).

``scan CASE DOCS``: runs the synthetic workload, printing ``doc N`` before each document.
``wal CASE``: commits some findings, then SIGKILLs itself before any checkpoint.
``create CASE``: SIGKILLs itself while creating the case, just before ``case.json`` is written.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from phiscope.store import CaseStore, StoreTuning, case
from tests.store.store_helpers import FAST_KDF, KEY, doc_findings, run_workload, sha_of


def _progress(i: int) -> None:
    print(f"doc {i}", flush=True)


def main(argv: list[str]) -> None:
    """Entry point."""
    mode, case_dir = argv[0], Path(argv[1])
    if mode == "create":
        case.write_meta = lambda *_: os.kill(os.getpid(), signal.SIGKILL)  # type: ignore[assignment]
        CaseStore.create(case_dir, KEY, FAST_KDF)
        return
    if mode == "scan":
        run_workload(case_dir, int(argv[2]), progress=_progress, checkpoint_every=40)
        print("finished", flush=True)
        return
    store = CaseStore.create(case_dir, KEY, FAST_KDF, StoreTuning(flush_seconds=60.0))
    run = store.start_run(["wal"])
    for d in range(5):
        sha = sha_of(f"wal{d}")
        store.begin_document(sha, f"/w/{d}", 1, "text", None, 0, run)
        store.add_findings(doc_findings(sha, 40, d, f"/w/{d}"), run)
        store.finish_document(sha, "done", {})
    store.flush()
    print("flushed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(sys.argv[1:])
