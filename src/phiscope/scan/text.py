"""Text scanning: one multi-pattern pass, then context, validation, filters and
overlap resolution on the (sparse) candidates only."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from phiscope.detectors.base import Detector
from phiscope.detectors.registry import DetectorSet
from phiscope.filters.registry import FilterSet, load_filters
from phiscope.model import Candidate, Finding, Location, TextUnit
from phiscope.scan.matcher import Matcher, PatternRef, build_matcher
from phiscope.scan.resolve import resolve_overlaps

_HEADER_SPLIT = re.compile(r"[\s_\-./:()\[\]]+")
CELL_SEP = "\x1e"  # record separator between joined table cells
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def normalize_label(label: str) -> str:
    """Lower-case a column header / key with separators as single spaces."""
    return _HEADER_SPLIT.sub(" ", _CAMEL.sub(" ", label)).strip().lower()


class TextScanner:
    """Finds elements in text units with all detectors at once."""

    def __init__(self, detectors: DetectorSet, filters: FilterSet | None = None,
                 prefer: str = "hyperscan") -> None:
        self.detectors = detectors
        self.filters = filters if filters is not None else load_filters()
        self._refs: list[PatternRef] = [
            PatternRef(d.id, p) for d in detectors.detectors for p in d.patterns
        ]
        self._by_id = {d.id: d for d in detectors.detectors}
        self._value_rx = [
            r.pattern.python_regex() if "(?P<v>" in r.pattern.regex else None for r in self._refs
        ]
        self._matcher: Matcher = build_matcher(self._refs, prefer)

    def candidates(self, text: str) -> list[Candidate]:
        """Raw pattern candidates with character offsets (before scoring)."""
        data = text.encode("utf-8", "surrogatepass")
        raw = self._matcher.scan(data)
        if not raw:
            return []
        to_char = _offset_mapper(text, data)
        out: list[Candidate] = []
        for pid, bstart, bend in raw:
            ref = self._refs[pid]
            start, end = to_char(bstart), to_char(bend)
            vrx = self._value_rx[pid]
            if vrx is not None:
                m = vrx.match(text, start)
                if m is None or m.start("v") < 0:
                    continue
                start, end = m.span("v")
            value = text[start:end]
            if CELL_SEP in value:
                continue
            out.append(Candidate(ref.detector_id, start, end, value, ref.pattern.score, ref.pattern.name))
        return out

    def scan(self, unit: TextUnit) -> list[Finding]:
        """All findings in one text unit, with locations."""
        kept = self._scan(unit.text, unit.label, unit.loc)
        _add_lines(unit.text, unit.loc, kept)
        return kept

    def scan_cells(self, cells: Sequence[str | None], loc: Location,
                   header: str | None) -> list[tuple[int, Finding]]:
        """Scan many table cells in one pass: ``(cell_index, finding)`` pairs.

        Cells are joined with a record separator that context windows and
        patterns never cross; offsets in the findings are within the cell.
        """
        starts: list[int] = []
        pos = 0
        for c in cells:
            starts.append(pos)
            pos += len(c or "") + 1
        text = CELL_SEP.join(c or "" for c in cells)
        out: list[tuple[int, Finding]] = []
        for f in self._scan(text, header, loc.with_(offset=0)):
            off = f.loc.offset or 0
            i = bisect_right(starts, off) - 1
            f.loc = f.loc.with_(offset=off - starts[i])
            out.append((i, f))
        return out

    def _scan(self, text: str, label_raw: str | None, loc: Location) -> list[Finding]:
        label = normalize_label(label_raw) if label_raw else None
        scored: list[tuple[Candidate, Finding]] = []
        for cand in self.candidates(text):
            det = self._by_id[cand.detector_id]
            finding = self._score(det, cand, text, label, loc)
            if finding is not None:
                scored.append((cand, finding))
        return resolve_overlaps(scored)

    def _score(self, det: Detector, cand: Candidate, text: str, label: str | None,
               loc: Location) -> Finding | None:
        before = text[max(0, cand.start - det.context_before): cand.start].rpartition(CELL_SEP)[2]
        after = text[cand.end: cand.end + det.context_after].partition(CELL_SEP)[0]
        rx = det.context_regex
        has_ctx = bool(rx and (rx.search(before) or rx.search(after)))
        if not has_ctx and label is not None:
            has_ctx = det.matches_header(label)
        if self.filters.excluded(det.id, cand.value, before, after):
            return None
        validation = det.validate(cand.value)
        conf = det.score(cand, has_ctx, validation)
        if conf is None:
            return None
        base = loc.offset or 0
        return Finding(
            element=det.element_type, detector_id=det.id, value=cand.value,
            normalized=det.normalize(cand.value), preview="", confidence=round(conf, 3),
            validation=validation, loc=loc.with_(offset=base + cand.start, length=cand.end - cand.start),
            flags=det.flags(cand.value, validation),
        )


_CONTINUATION = bytes(range(0x80, 0xC0))


def _offset_mapper(text: str, data: bytes) -> Callable[[int], int]:
    """Map UTF-8 byte offsets to character offsets (identity for ASCII).

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


def _add_lines(text: str, loc: Location, findings: Sequence[Finding]) -> None:
    """Set ``loc.line`` of each finding from newline positions (one pass)."""
    if not findings or (loc.line is None and "\n" not in text):
        return
    first_line = loc.line or 1
    base = loc.offset or 0
    newlines = [i for i, ch in enumerate(text) if ch == "\n"] if len(text) < 1 << 16 else \
        [m.start() for m in re.finditer("\n", text)]
    for f in findings:
        start = (f.loc.offset or 0) - base
        f.loc = f.loc.with_(line=first_line + bisect_right(newlines, start - 1))
