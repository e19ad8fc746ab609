"""Work spread over spawned worker processes, its results taken in order.

Spawned, not forked: a forked child would inherit the resolving process's memory (gigabytes on a
large case) and its DuckDB sessions. The caller's script needs the usual ``if __name__ ==
"__main__":`` guard (``api.resolve_people``).
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_order(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[tuple[R, int]]:
    """``fn(item)`` for each item, in the items' order, with the peak resident memory (KiB) of the
    worker process that made it: here with one worker (peak 0), else in ``workers`` processes with
    at most two items each in flight (so only a few items' inputs and results are held at a time)."""
    if workers <= 1:
        for item in items:
            yield fn(item), 0
        return
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        pending: deque[Future[tuple[R, int]]] = deque()
        for item in items:
            pending.append(pool.submit(_measured, fn, item))
            while len(pending) >= 2 * workers or (pending and pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _measured(fn: Callable[[T], R], item: T) -> tuple[R, int]:
    """``fn(item)`` in a worker, and the worker's peak memory so far."""
    return fn(item), peak_kib()


def peak_kib() -> int:
    """This process's peak resident memory in KiB, from Linux's ``VmHWM`` (0 elsewhere). Not
    ``getrusage``: its maximum survives the ``exec`` that starts a worker, so a worker would report
    the parent's size at the moment it was started."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
