"""One multi-pattern matcher for all detectors' patterns.

hyperscan compiles every pattern into one database and scans text once;
google-re2 (or Python ``re``) is the fallback where hyperscan is missing.
hyperscan reports only where matches END (tracking starts costs up
to 40x in scan speed for patterns with variable-length prefixes); the text
scanner recovers exact spans with Python regexes on small windows around
those ends. The regex fallback reports full spans.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from phiscope.detectors.base import Pattern


@dataclass(frozen=True, slots=True)
class PatternRef:
    """A pattern and the detector it belongs to."""

    detector_id: str
    pattern: Pattern


class Matcher(Protocol):
    """Finds raw matches of many patterns in bytes."""

    #: whether ``scan`` reports starts (False: start is -1, only ends are exact)
    exact_starts: bool

    def scan(self, data: bytes) -> list[tuple[int, int, int]]:
        """Return ``(pattern_index, start, end)`` triples."""
        ...


def default_cache_dir() -> Path:
    """Where compiled pattern databases are cached (they hold no case data)."""
    base = os.environ.get("PHISCOPE_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or str(Path.home() / ".cache")
    return Path(base) / "phiscope"


class HyperscanMatcher:
    """All patterns in one hyperscan block-mode database, reporting match ends.

    Compiling a few hundred labelled patterns with start-of-match tracking
    takes seconds, so the serialized database is cached on disk, keyed by a
    hash of the patterns, flags and hyperscan version.
    """

    exact_starts = False

    def __init__(self, refs: Sequence[PatternRef], cache_dir: Path | None = None) -> None:
        import hyperscan

        self._hs = hyperscan
        key = _cache_key(refs, getattr(hyperscan, "__version__", "?"))
        path = (cache_dir or default_cache_dir()) / f"hs-{key}.db"
        db = load_cached(path)
        if db is None:
            db = self._compile(refs)
            write_cache(path, hyperscan.dumpb(db))
        self._db = db
        self._scratch = hyperscan.Scratch(self._db)

    def _compile(self, refs: Sequence[PatternRef]) -> Any:
        hyperscan = self._hs
        flags = []
        for r in refs:
            flags.append(hyperscan.HS_FLAG_CASELESS if r.pattern.caseless else 0)
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(
            expressions=[r.pattern.engine_regex().encode() for r in refs],
            ids=list(range(len(refs))),
            elements=len(refs),
            flags=flags,
        )
        return db

    def scan(self, data: bytes) -> list[tuple[int, int, int]]:
        """Scan ``data`` once; every (pattern, end) with start -1."""
        out: list[tuple[int, int, int]] = []
        add = out.append

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:
            add((pid, -1, end))

        self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
        return out


class RegexMatcher:
    """Fallback: one compiled regex per pattern (re2 where available)."""

    exact_starts = True

    def __init__(self, refs: Sequence[PatternRef]) -> None:
        try:
            import re2 as engine  # google-re2

            self._compiled: list[Any] = []
            for r in refs:
                opts = engine.Options()
                opts.case_sensitive = not r.pattern.caseless
                opts.longest_match = True
                self._compiled.append(engine.compile(r.pattern.plain_regex().encode(), options=opts))
        except ImportError:  # pragma: no cover - re2 is a core dependency
            self._compiled = [
                re.compile(r.pattern.plain_regex().encode(), re.I if r.pattern.caseless else 0)
                for r in refs
            ]

    def scan(self, data: bytes) -> list[tuple[int, int, int]]:
        """Scan ``data`` with each pattern in turn."""
        out: list[tuple[int, int, int]] = []
        for pid, rx in enumerate(self._compiled):
            for m in rx.finditer(data):
                if m.end() > m.start():
                    out.append((pid, m.start(), m.end()))
        return out


def _cache_key(refs: Sequence[PatternRef], version: str) -> str:
    h = hashlib.sha256(version.encode())
    for r in refs:
        h.update(f"{r.pattern.engine_regex()}\0{r.pattern.caseless}\0".encode())
    return h.hexdigest()[:32]


def load_cached(path: Path) -> Any:
    """A cached block-mode database, or None when it is missing, damaged or from another build."""
    import hyperscan

    data = read_cache(path)
    if data is None:
        return None
    try:
        return hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK)
    except Exception:  # truncated or from another build: recompile
        return None


def read_cache(path: Path) -> bytes | None:
    """A cached compiled database, or None when there is none (or it cannot be read)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_cache(path: Path, data: bytes) -> None:
    """Write atomically; a read-only or missing cache directory is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def build_matcher(refs: Sequence[PatternRef], prefer: str = "hyperscan") -> Matcher:
    """The fastest available matcher for these patterns."""
    if prefer == "hyperscan":
        try:
            return HyperscanMatcher(refs)
        except ImportError:
            pass
    return RegexMatcher(refs)
