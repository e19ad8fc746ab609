"""Per-element recall and precision of a scanned case against simulator truth.

A truth record is found when the case holds a finding of the same element in
the same file whose value equals it after the detector's normalisation.
A finding is correct when it matches some truth record that way. Files are
compared by their path relative to the corpus folder (archive members with
``!/``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from phiscope.detectors.registry import DetectorSet


@dataclass
class Score:
    """Counts for one element."""

    truth: int = 0
    found: int = 0
    findings: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        """Share of inserted values found."""
        return self.found / self.truth if self.truth else float("nan")

    @property
    def precision(self) -> float:
        """Share of findings that are inserted values."""
        return self.correct / self.findings if self.findings else float("nan")


def _norm(detectors: DetectorSet, element: str, value: str) -> str:
    for d in detectors.detectors:
        if d.element_type == element:
            return d.normalize(value)
    return value.strip().lower()


def score(truth: Iterable[Any], findings: Iterable[dict[str, Any]], corpus_prefix: str,
          detectors: DetectorSet) -> dict[str, Score]:
    """Score ``findings`` (with raw ``value``) against simulator ``truth`` records."""
    scores: dict[str, Score] = defaultdict(Score)
    expected: dict[tuple[str, str], set[str]] = defaultdict(set)
    for t in truth:
        key = (t.file, t.element)
        norm = _norm(detectors, t.element, t.value)
        if norm not in expected[key]:
            expected[key].add(norm)
            scores[t.element].truth += 1
    hit: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in findings:
        path = f["path"]
        rel = path[len(corpus_prefix):].lstrip("/") if path.startswith(corpus_prefix) else path
        element = f["element"]
        key = (rel, element)
        s = scores[element]
        s.findings += 1
        norm = f["normalized"] if f.get("normalized") else _norm(detectors, element, f["value"])
        if norm in expected.get(key, ()):
            s.correct += 1
            hit[key].add(norm)
    for (_, element), values in hit.items():
        scores[element].found += len(values)
    return dict(scores)
