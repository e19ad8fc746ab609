"""Parallel scan: worker processes read and detect; this process alone writes.

Workers are spawned (never forked: the case database is open here), each
builds its own detectors and readers once, then takes input files from a
pool. Their messages flow through a bounded queue, so memory stays bounded
when the writer is slower than the readers.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_mod
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from phiscope.errors import ErrorKind
from phiscope.readers.base import ReadContext
from phiscope.scan.document import DocumentProcessor, Emit, Engine, Msg
from phiscope.scan.writer import ScanWriter
from phiscope.sources.blob import Blob
from phiscope.sources.walk import InputFile

Progress = Callable[[int, int], None]  # (files_done, bytes_done)


@dataclass(frozen=True)
class WorkerConfig:
    """What each worker needs to build its engine."""

    ctx: ReadContext
    done: frozenset[str]
    detector_ids: tuple[str, ...] | None = None


# Per worker process: set once by the pool initializer (the only way to hand a
# process its engine); never used in the writer process.
_worker_state: dict[str, Any] = {}


def build_engine(cfg: WorkerConfig) -> Engine:
    """Detectors and readers for one process."""
    from phiscope.detectors.registry import load_detectors
    from phiscope.readers.registry import load_readers

    detectors = load_detectors()
    if cfg.detector_ids:
        detectors = detectors.select(cfg.detector_ids)
    return Engine(detectors, load_readers(), cfg.ctx)


def _init_worker(q: Any, cfg: WorkerConfig) -> None:
    _worker_state["queue"] = q
    _worker_state["cfg"] = cfg
    _worker_state["engine"] = build_engine(cfg)


def _work(task: int, f: InputFile) -> int:
    q = _worker_state["queue"]
    cfg: WorkerConfig = _worker_state["cfg"]
    process_file(_worker_state["engine"], q.put, task, f, cfg.done)
    q.put(("task_done", task, f.display_path, f.size))
    return task


def process_file(engine: Engine, emit: Emit, task: int, f: InputFile, done: frozenset[str]) -> None:
    """Process one input file from disk."""
    proc = DocumentProcessor(engine, emit, task, done)
    if f.problem:
        proc.error(None, f.display_path, ErrorKind.UNREADABLE, f"cannot read: {f.problem}")
        return
    name = f.display_path.replace("\\", "/").rsplit("/", 1)[-1]
    proc.process(Blob(display_path=f.display_path, name=name, fs_path=f.fs_path))


def run(files: Sequence[InputFile], writer: ScanWriter, cfg: WorkerConfig, workers: int,
        progress: Progress | None = None) -> None:
    """Scan ``files`` with ``workers`` processes (1 = in this process)."""
    if workers <= 1 or len(files) <= 1:
        _run_inline(files, writer, cfg, progress)
    else:
        _run_pool(files, writer, cfg, workers, progress)


def _run_inline(files: Sequence[InputFile], writer: ScanWriter, cfg: WorkerConfig,
                progress: Progress | None) -> None:
    engine = build_engine(cfg)
    done_bytes = 0
    for task, f in enumerate(files):
        process_file(engine, writer.apply, task, f, cfg.done)
        done_bytes += f.size
        if progress:
            progress(task + 1, done_bytes)


def _run_pool(files: Sequence[InputFile], writer: ScanWriter, cfg: WorkerConfig, workers: int,
              progress: Progress | None) -> None:
    build_engine(cfg)  # compiles (and caches) the pattern database once, not in every worker
    ctx = mp.get_context("spawn")
    q = ctx.Queue(maxsize=256)
    finished = 0
    done_bytes = 0
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(q, cfg)) as pool:
        futures = [pool.submit(_work, i, f) for i, f in enumerate(files)]
        pending = set(range(len(files)))
        while pending:
            try:
                msg: Msg = q.get(timeout=0.5)
            except queue_mod.Empty:
                _reap_crashed(futures, files, pending, writer)
                continue
            if msg[0] == "task_done":
                pending.discard(msg[1])
                finished += 1
                done_bytes += msg[3]
                if progress:
                    progress(finished, done_bytes)
            else:
                writer.apply(msg)


def _reap_crashed(futures: list[Future[int]], files: Sequence[InputFile], pending: set[int],
                  writer: ScanWriter) -> None:
    """Record inputs whose worker died (segfault, OOM kill) and stop waiting for them."""
    for task in sorted(pending):
        fut = futures[task]
        if fut.done() and fut.exception() is not None:
            pending.discard(task)
            writer.apply(("error", task, None, files[task].display_path, ErrorKind.READER_FAILED.value,
                          f"worker process failed: {type(fut.exception()).__name__}", None))
