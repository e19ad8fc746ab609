"""One multi-pattern matcher for all detectors' patterns.

hyperscan compiles every pattern into one database and scans text once;
google-re2 (or Python ``re``) is the fallback where hyperscan is missing.
Both return the same raw matches: ``(pattern_index, start, end)`` on the
UTF-8 bytes of the text, leftmost start and longest end per start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from phiscope.detectors.base import Pattern


@dataclass(frozen=True, slots=True)
class PatternRef:
    """A pattern and the detector it belongs to."""

    detector_id: str
    pattern: Pattern


class Matcher(Protocol):
    """Finds raw matches of many patterns in bytes."""

    def scan(self, data: bytes) -> list[tuple[int, int, int]]:
        """Return ``(pattern_index, start, end)`` triples."""
        ...


class HyperscanMatcher:
    """All patterns in one hyperscan block-mode database."""

    def __init__(self, refs: Sequence[PatternRef]) -> None:
        import hyperscan

        self._hs = hyperscan
        flags = []
        for r in refs:
            f = hyperscan.HS_FLAG_SOM_LEFTMOST
            if r.pattern.caseless:
                f |= hyperscan.HS_FLAG_CASELESS
            flags.append(f)
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(
            expressions=[r.pattern.engine_regex().encode() for r in refs],
            ids=list(range(len(refs))),
            elements=len(refs),
            flags=flags,
        )
        self._scratch = hyperscan.Scratch(self._db)

    def scan(self, data: bytes) -> list[tuple[int, int, int]]:
        """Scan ``data`` once; keep the longest end per (pattern, start)."""
        best: dict[tuple[int, int], int] = {}

        def on_match(pid: int, start: int, end: int, _flags: int, _ctx: Any) -> None:
            key = (pid, start)
            if best.get(key, -1) < end:
                best[key] = end

        self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
        return [(pid, start, end) for (pid, start), end in best.items()]


class RegexMatcher:
    """Fallback: one compiled regex per pattern (re2 where available)."""

    def __init__(self, refs: Sequence[PatternRef]) -> None:
        try:
            import re2 as engine  # google-re2

            self._compiled: list[Any] = []
            for r in refs:
                opts = engine.Options()
                opts.case_sensitive = not r.pattern.caseless
                opts.longest_match = True
                self._compiled.append(engine.compile(r.pattern.engine_regex().encode(), options=opts))
        except ImportError:  # pragma: no cover - re2 is a core dependency
            self._compiled = [
                re.compile(r.pattern.engine_regex().encode(), re.I if r.pattern.caseless else 0)
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


def build_matcher(refs: Sequence[PatternRef], prefer: str = "hyperscan") -> Matcher:
    """The fastest available matcher for these patterns."""
    if prefer == "hyperscan":
        try:
            return HyperscanMatcher(refs)
        except ImportError:
            pass
    return RegexMatcher(refs)
