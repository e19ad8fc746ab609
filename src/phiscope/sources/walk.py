"""Enumerate the files under the paths a user gives (recursively, in a stable
order), without following directory symlinks into loops."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from phiscope.errors import UsageError


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file on disk to scan, or one that could not even be listed."""

    fs_path: str
    display_path: str
    size: int
    problem: str | None = None  # set when the file cannot be stat-ed/opened


def check_paths(paths: Sequence[str]) -> list[Path]:
    """Validate user paths up front (a missing path is a usage error)."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError("no such file or directory: " + ", ".join(missing))
    return [Path(p) for p in paths]


def walk(paths: Sequence[str]) -> Iterator[InputFile]:
    """Every regular file under ``paths``, sorted, each once."""
    seen: set[str] = set()
    for root in check_paths(paths):
        if root.is_dir():
            yield from _walk_dir(root, seen)
        else:
            yield from _one(root, str(root), seen)


def _walk_dir(root: Path, seen: set[str]) -> Iterator[InputFile]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            yield from _one(Path(full), full, seen)


def _one(path: Path, display: str, seen: set[str]) -> Iterator[InputFile]:
    try:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        st = os.stat(path)
    except OSError as e:
        yield InputFile(str(path), display, 0, e.strerror or type(e).__name__)
        return
    if not path.is_file():
        return  # sockets, fifos, devices: not documents
    if not os.access(path, os.R_OK):
        yield InputFile(str(path), display, st.st_size, "permission denied")
        return
    yield InputFile(str(path), display, st.st_size)
