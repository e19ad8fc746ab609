"""Automatic discovery of readers (every ``Reader`` subclass with an ``id`` in a
sub-package of ``phiscope.readers``) and content-first selection."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

import phiscope.readers as readers_pkg
from phiscope.plugins import registered
from phiscope.readers.base import Reader


@dataclass(frozen=True)
class ReaderSet:
    """All readers, and the choice of one for a blob."""

    readers: tuple[Reader, ...]

    def choose(self, head: bytes, name: str) -> Reader | None:
        """The reader with the best sniff score for these first bytes, or None."""
        best: tuple[float, int, Reader] | None = None
        for r in self.readers:
            s = r.sniff(head, name)
            if s > 0 and (best is None or (s, r.priority) > (best[0], best[1])):
                best = (s, r.priority, r)
        return best[2] if best else None

    def by_id(self, reader_id: str) -> Reader:
        """The reader with this id."""
        for r in self.readers:
            if r.id == reader_id:
                return r
        raise KeyError(reader_id)


def load_readers() -> ReaderSet:
    """Import every reader package and instantiate each reader once."""
    for info in pkgutil.iter_modules(readers_pkg.__path__):
        if info.ispkg and not info.name.startswith("_"):
            importlib.import_module(f"phiscope.readers.{info.name}")
    seen = registered(Reader, "reader")
    return ReaderSet(tuple(seen[k]() for k in sorted(seen)))
