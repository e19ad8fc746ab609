"""Text scanning: one multi-pattern pass, then context, validation, filters and
overlap resolution on the (sparse) candidates only."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from phiscope.detectors.base import Detector, Pattern
from phiscope.detectors.registry import DetectorSet
from phiscope.filters.registry import FilterSet, load_filters
from phiscope.model import Candidate, Finding, Location, TextUnit, Validation
from phiscope.scan.matcher import Matcher, PatternRef, build_matcher
from phiscope.scan.resolve import resolve_overlaps
from phiscope.scan.spans import Spans, offset_mapper

_HEADER_SPLIT = re.compile(r"[\s_\-./:()\[\]]+")
MEMO_SIZE = 200_000  # validated values remembered per process (cleared when full)
FIELD_MAX = 120  # longest labelled value checked whole, like a table cell
FIELD_CONFIDENCE = 0.9
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
        self._n_main = len(self._refs)
        # context words ride in the same scan, so "is a context word near?" is a bisection
        # (detectors with a custom context regex keep searching it)
        self._regex_context = {d.id for d in detectors.detectors
                               if getattr(type(d), "context_regex", None) is not Detector.context_regex}
        self._refs += [PatternRef(d.id, Pattern(w, _word_regex(w), 0.0, caseless=True))
                       for d in detectors.detectors if d.id not in self._regex_context
                       for w in sorted(set(d.context))]
        self._by_id = {d.id: d for d in detectors.detectors}
        self._label_detectors: dict[str, list[Detector]] = {}
        self._memo: dict[tuple[str, str], tuple[Validation, str, tuple[str, ...]]] = {}
        self._matcher: Matcher = build_matcher(self._refs, prefer)
        # only the detectors' own patterns need exact spans (context words never do)
        self._spans = Spans([r.pattern for r in self._refs[: self._n_main]], self._matcher.exact_starts)

    def candidates(self, text: str) -> list[Candidate]:
        """Raw pattern candidates with character offsets (before scoring)."""
        return self._hits(text)[0]

    def _hits(self, text: str) -> tuple[list[Candidate], dict[str, list[tuple[int, int]]]]:
        """Candidates, and context-word spans per detector id (sorted)."""
        data = text.encode("utf-8", "surrogatepass")
        hits = self._matcher.scan(data)
        if not hits:
            return [], {}
        to_char = offset_mapper(text, data)
        raw = [h for h in hits if h[0] < self._n_main]
        ctx: dict[str, list[tuple[int, int]]] = {}
        for pid, _, bend in hits:
            if pid >= self._n_main:
                end = to_char(bend)
                ctx.setdefault(self._refs[pid].detector_id, []).append(
                    (end - len(self._refs[pid].pattern.name), end))
        for spans_ in ctx.values():
            spans_.sort()
        if self._matcher.exact_starts:
            spans = self._spans.value_spans(text, [(pid, to_char(s), to_char(e)) for pid, s, e in raw])
        else:
            spans = self._spans.from_ends(text, raw, to_char)
        out: list[Candidate] = []
        for pid, start, end in spans:
            ref = self._refs[pid]
            value = text[start:end]
            if CELL_SEP in value:
                continue
            out.append(Candidate(ref.detector_id, start, end, value, ref.pattern.score, ref.pattern.name))
        return out, ctx

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
        if label and len(text) <= FIELD_MAX and CELL_SEP not in text:
            scored.extend(self._field_value(text, label, loc))
        cands, ctx = self._hits(text)
        for cand in cands:
            det = self._by_id[cand.detector_id]
            finding = self._score(det, cand, text, label, loc, ctx.get(det.id))
            if finding is not None:
                scored.append((cand, finding))
        return resolve_overlaps(scored)

    def scan_units(self, units: Sequence[TextUnit]) -> list[Finding]:
        """Scan many short units (JSON leaves, XML text, headers) in one pass.

        Each unit keeps its own label (context) and location; texts are
        joined with a separator that patterns and context never cross.
        """
        return [f for _, f in self.scan_units_indexed(units)]

    def scan_units_indexed(self, units: Sequence[TextUnit]) -> list[tuple[int, Finding]]:
        """``scan_units``, each finding with the index of the unit it is in."""
        if len(units) == 1:
            return [(0, f) for f in self.scan(units[0])]
        starts: list[int] = []
        pos = 0
        for u in units:
            starts.append(pos)
            pos += len(u.text) + 1
        text = CELL_SEP.join(u.text for u in units)
        labels = [normalize_label(u.label) if u.label else None for u in units]
        # a location per unit whose offset makes joined positions unit-relative
        locs = [u.loc.with_(offset=(u.loc.offset or 0) - st) for u, st in zip(units, starts, strict=True)]
        scored: list[tuple[Candidate, Finding]] = []
        for i, u in enumerate(units):
            lab = labels[i]
            if lab and len(u.text) <= FIELD_MAX:
                scored.extend(self._field_value(u.text, lab, locs[i], starts[i]))
        cands, ctx = self._hits(text)
        for cand in cands:
            i = bisect_right(starts, cand.start) - 1
            det = self._by_id[cand.detector_id]
            finding = self._score(det, cand, text, labels[i], locs[i], ctx.get(det.id))
            if finding is not None:
                scored.append((cand, finding))
        kept = resolve_overlaps(scored)
        unit_of = {id(f): bisect_right(starts, c.start) - 1 for c, f in scored}
        out: list[tuple[int, Finding]] = []
        for f in kept:
            i = unit_of[id(f)]
            u = units[i]
            if "\n" in u.text:  # like ``scan``: lines counted from the unit's first line (or 1)
                rel = (f.loc.offset or 0) - (u.loc.offset or 0)
                f.loc = f.loc.with_(line=(u.loc.line or 1) + u.text.count("\n", 0, rel))
            elif u.loc.line is not None:
                f.loc = f.loc.with_(line=u.loc.line)
            out.append((i, f))
        return out

    def _field_value(self, text: str, label: str, loc: Location,
                     shift: int = 0) -> list[tuple[Candidate, Finding]]:
        """A short value whose key/label names an element ("name": "Jane Doe",
        "ssn": "123456789") is checked whole, like a table cell."""
        dets = self._label_detectors.get(label)
        if dets is None:
            dets = [d for d in self.detectors.detectors if d.matches_header(label)]
            if len(self._label_detectors) < 4096:
                self._label_detectors[label] = dets
        value = text.strip()
        if not dets or not value:
            return []
        start = text.index(value)
        out: list[tuple[Candidate, Finding]] = []
        for det in dets:
            validation = det.check_cell(value)
            if validation is None or validation is Validation.INVALID:
                continue
            cand = Candidate(det.id, shift + start, shift + start + len(value), value, FIELD_CONFIDENCE,
                             "field")
            base = (loc.offset or 0) + shift
            out.append((cand, Finding(
                element=det.element_type, detector_id=det.id, value=value, normalized=det.normalize(value),
                confidence=FIELD_CONFIDENCE, validation=validation,
                loc=loc.with_(offset=base + start, length=len(value)), flags=det.flags(value, validation),
            )))
            break
        return out

    def _score(self, det: Detector, cand: Candidate, text: str, label: str | None,
               loc: Location, ctx: list[tuple[int, int]] | None) -> Finding | None:
        before = text[max(0, cand.start - det.context_before): cand.start].rpartition(CELL_SEP)[2]
        after = text[cand.end: cand.end + det.context_after].partition(CELL_SEP)[0]
        if det.id in self._regex_context:
            rx = det.context_regex
            has_ctx = bool(rx and rx.search(f"{before}\x00{after}"))
        else:
            has_ctx = ctx is not None and _near(ctx, cand.start - len(before), cand.start, cand.end,
                                                cand.end + len(after))
        if not has_ctx and label is not None:
            has_ctx = det.matches_header(label)
        if self.filters.excluded(det.id, cand.value, before, after):
            return None
        validation, normalized, flags = self._checked(det, cand.value)
        conf = det.score(cand, has_ctx, validation)
        if conf is None:
            return None
        base = loc.offset or 0
        return Finding(
            element=det.element_type, detector_id=det.id, value=cand.value,
            normalized=normalized, confidence=round(conf, 3),
            validation=validation, loc=loc.with_(offset=base + cand.start, length=cand.end - cand.start),
            flags=flags,
        )

    def _checked(self, det: Detector, value: str) -> tuple[Validation, str, tuple[str, ...]]:
        """validate/normalize/flags of a value, memoised: the same people's
        identifiers recur across the files of a breach."""
        key = (det.id, value)
        hit = self._memo.get(key)
        if hit is None:
            validation = det.validate(value)
            hit = (validation, det.normalize(value), det.flags(value, validation))
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = hit
        return hit


def _word_regex(word: str) -> str:
    """A context word as a whole-word pattern (boundaries only next to letters/digits).

    The pattern's ``name`` field carries the word, so its length is known.
    """
    rx = re.escape(word)
    return (r"\b" if word[:1].isalnum() else "") + rx + (r"\b" if word[-1:].isalnum() else "")


def _near(spans: list[tuple[int, int]], lo: int, start: int, end: int, hi: int) -> bool:
    """Whether a context span lies wholly in [lo, start) or in [end, hi)."""
    i = bisect_right(spans, (lo, -1))
    while i < len(spans):
        s, e = spans[i]
        if s >= hi:
            return False
        if (e <= start) or (s >= end and e <= hi):
            return True
        i += 1
    return False


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
