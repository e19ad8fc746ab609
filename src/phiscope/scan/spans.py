"""Exact value spans of the detectors' patterns from what the multi-pattern engine reports.

hyperscan reports only where matches end. A match's start is the leftmost start of a match of
the pattern ending there, searched in a window no wider than the pattern's longest possible match:
through ``StartFinder`` for wide patterns, with Python ``re`` for narrow ones and for what
``StartFinder`` cannot tell. A pattern with a ``v`` group then gives that group's span (``Patient:
(?P<v>DOE, JANE)`` gives the name). The regex fallback engine reports whole spans; only the ``v``
narrowing applies there.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence

from phiscope.detectors.base import Pattern
from phiscope.scan.starts import UNKNOWN, WIDE, StartFinder
from phiscope.scan.verify import Verifier

WINDOW = 400  # characters searched before a reported match end (longest labelled match)
Span = tuple[int, int, int]  # (pattern index, start, end)


class Spans:
    """Span recovery for the patterns of one scan (their index in ``patterns`` is their id)."""

    def __init__(self, patterns: Sequence[Pattern], exact_starts: bool) -> None:
        # Python ``re`` forms compiled when a pattern first has a hit: most patterns have none in a
        # given input, and compiling all of them took a third of a scan's fixed cost
        self._patterns = patterns
        self._rx: list[re.Pattern[str] | None] = [None] * len(patterns)
        # the same patterns anchored at the end, compiled when first needed: the leftmost
        # match ending exactly where hyperscan reported an end, whatever else starts nearby
        self._end_rx: dict[int, re.Pattern[str]] = {}
        self._widths = [_max_width(p.regex) for p in patterns]
        self._starts: StartFinder | None = None
        self._verifier: Verifier | None = None
        if not exact_starts:  # wide patterns' starts through hyperscan, not ``re``
            self._starts = StartFinder({pid: p for pid, p in enumerate(patterns) if self._widths[pid] > WIDE})
            # wide prefiltered patterns: most reported ends end no full match; hyperscan says so
            self._verifier = Verifier({pid: p for pid, p in enumerate(patterns)
                                       if p.prefilter and self._widths[pid] > WIDE})

    def regex(self, pid: int) -> re.Pattern[str]:
        """Pattern ``pid`` compiled with Python ``re`` (once, on first use)."""
        rx = self._rx[pid]
        if rx is None:
            rx = self._rx[pid] = self._patterns[pid].python_regex()
        return rx

    def value_spans(self, text: str, spans: list[Span]) -> list[Span]:
        """Narrow full-match spans to the ``v`` group where a pattern has one."""
        out: list[Span] = []
        for pid, start, end in spans:
            rx = self.regex(pid)
            if "v" not in rx.groupindex:
                out.append((pid, start, end))
                continue
            m = rx.match(text, start, end)
            if m is not None and m.start("v") >= 0:
                out.append((pid, m.start("v"), m.end("v")))
        return out

    def from_ends(self, text: str, raw: list[Span], to_char: Callable[[int], int]) -> list[Span]:
        """Exact value spans for reported match ends (``raw``: pattern, -1, byte end); a start with
        several ends keeps the longest."""
        seen: set[tuple[int, int]] = set()
        longest: dict[tuple[int, int], int] = {}  # (pattern, match start) -> longest end
        regex = self.regex
        widths = self._widths
        starts = self._starts
        verifier = self._verifier
        for pid, _, bend in sorted(raw, key=lambda t: t[2]):
            end = to_char(bend)
            if (pid, end) in seen:
                continue
            seen.add((pid, end))
            lo = max(0, end - widths[pid])
            if verifier is not None and pid in verifier and verifier.excludes(pid, text, lo, end):
                continue
            start = starts.start(pid, text, lo, end) if starts is not None and pid in starts else UNKNOWN
            if start == UNKNOWN:
                m = regex(pid).search(text, lo, end)  # usually the match, found fast
                if m is not None and m.end() != end:
                    m = self._end_regex(pid).search(text, lo, end)  # exact, slower: tries every start
                if m is None:
                    continue
                start = m.start()
            key = (pid, start)
            if longest.get(key, -1) < end:
                longest[key] = end
        return self.value_spans(text, [(pid, start, end) for (pid, start), end in longest.items()])

    def _end_regex(self, pid: int) -> re.Pattern[str]:
        rx = self._end_rx.get(pid)
        if rx is None:
            base = self.regex(pid)
            rx = self._end_rx[pid] = re.compile(f"(?:{base.pattern})\\Z", base.flags)
        return rx


_CONTINUATION = bytes(range(0x80, 0xC0))


def offset_mapper(text: str, data: bytes) -> Callable[[int], int]:
    """Map UTF-8 byte offsets of ``data`` (``text`` encoded) to character offsets (identity for ASCII).

    Counts the bytes that start a character (C-speed ``translate``), caching
    the last position so ascending look-ups cost O(total bytes); an offset in
    the middle of a character maps to the character after it.
    """
    if len(data) == len(text):
        return lambda b: b
    memo: dict[int, int] = {0: 0}
    last = [0]

    def to_char(b: int) -> int:
        if b in memo:
            return memo[b]
        base = last[0] if last[0] <= b else 0
        c = memo[base] + len(data[base:b].translate(None, _CONTINUATION))
        memo[b] = c
        last[0] = b
        return c

    return to_char


def _max_width(pattern: str) -> int:
    """Longest match a pattern can have (capped at WINDOW characters)."""
    sre_parse = importlib.import_module("re._parser")  # the stdlib parser knows each pattern's width
    try:
        width = sre_parse.parse(pattern).getwidth()[1]
    except Exception:  # an exotic construct: use the full window
        return WINDOW
    return int(min(width, WINDOW))
