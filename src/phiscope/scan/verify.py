"""Whether a prefiltered pattern's full match can end where the engine reported its prefilter.

A pattern with a ``prefilter`` (``age-intro``: only the "is a 45 yo" after the name;
``labelled-institution``: only the word "Medical", "Hospital"... after it) has the multi-pattern
engine report every end of the prefilter, and most of them end no match of the whole pattern
("... of Internal Medicine Department"). Telling that with Python ``re`` means trying every start
in a window of hundreds of characters (30-70 µs a hit, most of a transcription's span work).
``Verifier`` answers it with the whole pattern compiled for hyperscan without start tracking
(the mode of the main scan, which reports every match) and anchored at the window's end: about
2 µs a hit.

Its answer is trusted only where it is exact: a "no" for an ASCII window. hyperscan runs without
UTF-8 mode, so on other text its ``\\b``, ``\\w`` and classes of accented letters are byte-wise
and may differ from Python's; there (and for any "yes") the caller's exact path decides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phiscope.detectors.base import Pattern
from phiscope.scan.matcher import default_cache_dir, load_cached, write_cache
from phiscope.scan.starts import at_end


class Verifier:
    """``excludes(pid, text, lo, end)`` for the given patterns (index -> pattern), each compiled
    on its first use (most patterns have no hit in a given input) and cached on disk."""

    def __init__(self, patterns: Mapping[int, Pattern], cache_dir: Path | None = None) -> None:
        import hyperscan

        self._hs = hyperscan
        self._version = str(getattr(hyperscan, "__version__", "?"))
        self._patterns = dict(patterns)
        self._cache_dir = cache_dir or default_cache_dir()
        # pid -> (database, scratch), or None where hyperscan cannot compile the pattern
        self._dbs: dict[int, tuple[Any, Any] | None] = {}

    def __contains__(self, pid: int) -> bool:
        return pid in self._patterns

    def excludes(self, pid: int, text: str, lo: int, end: int) -> bool:
        """True when no match of pattern ``pid`` starting at or after ``lo`` ends exactly at ``end``
        (character offsets); False when one may (the caller's exact path decides)."""
        if pid in self._dbs:
            entry = self._dbs[pid]
        else:
            entry = self._dbs[pid] = self._build(pid)
        if entry is None:
            return False
        first = max(0, lo - 1)  # one character more, so ``\\b`` at ``lo`` sees what precedes it
        window = text[first:end]
        if not window.isascii():
            return False
        data = window.encode("ascii")
        target = len(data)
        found = [False]

        def on_match(_pid: int, _start: int, stop: int, _flags: int, _ctx: Any) -> None:
            if stop == target:  # (``$`` also ends a match before a final newline)
                found[0] = True

        db, scratch = entry
        db.scan(data, match_event_handler=on_match, scratch=scratch)
        return not found[0]

    def _build(self, pid: int) -> tuple[Any, Any] | None:
        hs = self._hs
        p = self._patterns[pid]
        regex = at_end(p.plain_regex())
        key = hashlib.sha256(f"verify\0{self._version}\0{regex}\0{p.caseless}".encode()).hexdigest()[:32]
        path = self._cache_dir / f"hs-verify-{key}.db"
        db = load_cached(path)
        if db is None:  # missing, damaged or from another build
            db = hs.Database(mode=hs.HS_MODE_BLOCK)
            try:
                db.compile(expressions=[regex.encode()], ids=[pid], elements=1,
                           flags=[hs.HS_FLAG_CASELESS if p.caseless else 0])
            except hs.error:  # beyond hyperscan: that pattern keeps the exact path only
                return None
            write_cache(path, hs.dumpb(db))
        return db, hs.Scratch(db)
