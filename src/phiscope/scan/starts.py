"""Exact starts of wide patterns' matches at known ends.

The multi-pattern scan reports only where matches end (tracking starts there would slow the whole
scan several times over). For a pattern that can only be a few characters wide, Python ``re`` finds
the start in a tiny window; for the labelled-name, address and contact patterns, whose windows run
to hundreds of characters, ``re`` tries every start in the window (10-400 µs a hit). Here each such
pattern has its own small hyperscan database with start-of-match tracking (``SOM_LEFTMOST``), run
over the window only: about 2 µs a hit. The databases are cached on disk like the main one.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phiscope.detectors.base import Pattern
from phiscope.scan.matcher import default_cache_dir, read_cache, write_cache

#: patterns that can match more characters than this get a database (narrower ones: ``re`` is cheaper)
WIDE = 24
_ENTRY = struct.Struct("<II")  # pattern index, serialized size
#: ``StartFinder.start``: a match starts before the window; ``re`` must decide
UNKNOWN = -1


class StartFinder:
    """Leftmost starts of matches of the given patterns (index -> pattern) ending at a given end."""

    def __init__(self, patterns: Mapping[int, Pattern], cache_dir: Path | None = None) -> None:
        import hyperscan

        self._hs = hyperscan
        version = getattr(hyperscan, "__version__", "?")
        path = (cache_dir or default_cache_dir()) / f"hs-starts-{_cache_key(patterns, version)}.db"
        blobs = _unpack(read_cache(path))
        dbs = self._load(blobs) if blobs is not None else None
        if dbs is None:  # missing, damaged or from another build
            blobs = self._compile(patterns)
            write_cache(path, _pack(blobs))
            dbs = self._load(blobs) or {}
        # the binding cannot grow one scratch for several databases: one each (a few KB)
        self._dbs: dict[int, tuple[Any, Any]] = {pid: (db, hyperscan.Scratch(db)) for pid, db in dbs.items()}

    def _load(self, blobs: Mapping[int, bytes]) -> dict[int, Any] | None:
        hs = self._hs
        try:
            return {pid: hs.loadb(blob, hs.HS_MODE_BLOCK) for pid, blob in blobs.items()}
        except Exception:  # a damaged cache entry: compile again
            return None

    def _compile(self, patterns: Mapping[int, Pattern]) -> dict[int, bytes]:
        hs = self._hs
        out: dict[int, bytes] = {}
        for pid, p in patterns.items():
            db = hs.Database(mode=hs.HS_MODE_BLOCK)
            flags = hs.HS_FLAG_SOM_LEFTMOST | (hs.HS_FLAG_CASELESS if p.caseless else 0)
            try:
                db.compile(expressions=[at_end(p.plain_regex()).encode()], ids=[pid], elements=1,
                           flags=[flags])
            except hs.error:  # too large with start tracking: that pattern stays with ``re``
                continue
            out[pid] = hs.dumpb(db)
        return out

    def __contains__(self, pid: int) -> bool:
        return pid in self._dbs

    def start(self, pid: int, text: str, lo: int, end: int) -> int:
        """The leftmost start at or after ``lo`` of a match of pattern ``pid`` ending exactly at
        ``end`` (character offsets), or ``UNKNOWN``: the caller's exact path decides. That is where
        the leftmost start is before ``lo`` (a match longer than the window) and where no match is
        reported: the bundled hyperscan with start tracking does not report every match the scan without it
        reports (``+6.00`` in ``1.75,OS:  +6.00 +3.50`` for the international phone pattern)."""
        first = max(0, lo - 1)  # one character more, so ``\\b`` at ``lo`` sees what precedes it
        window = text[first:end].encode("utf-8", "surrogatepass")
        target = len(window)
        found = [-1]

        def on_match(_pid: int, start: int, stop: int, _flags: int, _ctx: Any) -> None:
            if stop == target and (found[0] < 0 or start < found[0]):
                found[0] = start

        db, scratch = self._dbs[pid]
        db.scan(window, match_event_handler=on_match, scratch=scratch)
        at = found[0]
        if at < 0:
            return UNKNOWN
        chars = at if target == end - first else len(window[:at].decode("utf-8", "surrogatepass"))
        start = first + chars
        return start if start >= lo else UNKNOWN


def at_end(regex: str) -> str:
    """``regex`` anchored at the end of the scanned window: a window holds one candidate match ending
    at its end, and without the anchor every shorter match inside it (each character of a URL, each
    word of a name) is reported to Python as well."""
    return f"(?:{regex})$"


def _cache_key(patterns: Mapping[int, Pattern], version: str) -> str:
    h = hashlib.sha256(f"starts-at-end\0{version}".encode())
    for pid in sorted(patterns):
        p = patterns[pid]
        h.update(f"{pid}\0{p.plain_regex()}\0{p.caseless}\0".encode())
    return h.hexdigest()[:32]


def _pack(blobs: Mapping[int, bytes]) -> bytes:
    return b"".join(_ENTRY.pack(pid, len(b)) + b for pid, b in sorted(blobs.items()))


def _unpack(data: bytes | None) -> dict[int, bytes] | None:
    """The cached databases, or None when the file is missing or damaged."""
    if data is None:
        return None
    out: dict[int, bytes] = {}
    pos = 0
    while pos < len(data):
        if pos + _ENTRY.size > len(data):
            return None
        pid, size = _ENTRY.unpack_from(data, pos)
        pos += _ENTRY.size
        if pos + size > len(data):
            return None
        out[pid] = data[pos:pos + size]
        pos += size
    return out
