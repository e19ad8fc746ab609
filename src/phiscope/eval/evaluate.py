"""One evaluation: truth + a case's findings (+ people, once the case has them) -> a report dict.

``evaluate_case`` scores findings held in memory (hand-made cases, external corpora) as one bucket
of a ``Tally``; ``eval.stream`` scores a case in its store a bucket of files at a time. Both give
the same report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from phiscope.eval.case import load_predictions
from phiscope.eval.normalize import Normalizer
from phiscope.eval.people import not_available
from phiscope.eval.tally import NOT_PEOPLE, Tally
from phiscope.eval.truth import TruthSet

__all__ = ["NOT_PEOPLE", "NO_PEOPLE_YET", "evaluate_case", "report"]

NO_PEOPLE_YET = "the case holds no people yet: run people resolution first (issue 5)"


def report(tally: Tally, root: str | None, outside: int, documents: int, clusters: int | None,
           occurrences: int | None = None) -> dict[str, Any]:
    """The JSON-ready report (no raw values) of a finished ``tally``: ``root`` the corpus root found,
    ``outside`` findings outside it, ``documents`` the corpus documents read, ``clusters`` the case's
    predicted people (None: not resolved yet)."""
    truth = tally.truth
    return {
        "truth": {"kind": truth.kind, "match_by": truth.match_by,
                  "occurrences": tally.occurrences if occurrences is None else occurrences,
                  "files": len(truth.files), **{k: v for k, v in truth.meta.items()}},
        "case": {"corpus_root": root, "findings": tally.findings, "findings_outside_corpus": outside,
                 "documents": documents},
        "elements": tally.elements(),
        "labels": tally.labels(),
        "documents": tally.documents(),
        "people": not_available(NO_PEOPLE_YET) if clusters is None else tally.people_section(clusters),
    }


def evaluate_case(truth: TruthSet, findings: Iterable[Mapping[str, Any]], doc_paths: Mapping[str, list[str]],
                  norm: Normalizer | None = None,
                  clusters: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any]:
    """Score findings (with raw values) against ``truth``; ``clusters``: predicted person -> the ids of
    the findings about them (every path of a finding's content belongs to it)."""
    preds = load_predictions(findings, doc_paths, truth.top_level_files())
    tally = Tally(truth, norm or Normalizer(), clusters is not None)
    owners: dict[str, list[str]] = {}
    for cid, finding_ids in (clusters or {}).items():
        for f in finding_ids:
            owners.setdefault(f, []).append(cid)
    tally.add(truth.occurrences, preds.items, owners)
    return report(tally, preds.root, preds.outside, len(preds.documents),
                  None if clusters is None else len(clusters))
