"""Element-level and document-level counts from a ``Matching``.

Three units per element (rows of ``element_scores``):

* occurrence: recall = true occurrences matched / true occurrences; precision =
  findings paired with an occurrence / findings (``match.py`` says how);
* value in a document: a distinct (file, element, normalised value) of the truth
  is found when any of its occurrences is; precision = findings right by value
  / findings (the numbers of ``bench/accuracy.py``);
* distinct value: a distinct (element, normalised value) is found when any of
  its occurrences anywhere is; precision = distinct (element, normalised value)
  of findings with at least one finding right by value / distinct values found.

Precision is None for elements the truth does not label (``TruthSet.labelled``);
recall is None where the truth has nothing. The ``all`` row sums every element.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from phiscope.eval.case import Predicted
from phiscope.eval.match import Matching
from phiscope.eval.normalize import Normalizer
from phiscope.eval.truth import TruthSet

COUNTS = ("truth", "found", "findings", "correct", "doc_values", "doc_values_found", "right_by_value",
          "values", "values_found", "predicted_values", "predicted_values_right")


def ratio(num: int, den: int) -> float | None:
    """``num / den`` rounded to 4 places, None when ``den`` is 0."""
    return round(num / den, 4) if den else None


@dataclass(slots=True)
class ElementScore:
    """Counts of one element (see the module docstring for the three units)."""

    element: str
    labelled: bool = True
    truth: int = 0
    found: int = 0
    findings: int = 0
    correct: int = 0
    doc_values: int = 0
    doc_values_found: int = 0
    right_by_value: int = 0
    values: int = 0
    values_found: int = 0
    predicted_values: int = 0
    predicted_values_right: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Counts plus recall/precision per unit (precision None when not labelled)."""
        lab = self.labelled
        return {
            "element": self.element, "labelled": lab, **{c: getattr(self, c) for c in COUNTS},
            "recall": ratio(self.found, self.truth),
            "precision": ratio(self.correct, self.findings) if lab else None,
            "doc_value_recall": ratio(self.doc_values_found, self.doc_values),
            "doc_value_precision": ratio(self.right_by_value, self.findings) if lab else None,
            "value_recall": ratio(self.values_found, self.values),
            "value_precision": ratio(self.predicted_values_right, self.predicted_values) if lab else None,
        }


def element_scores(truth: TruthSet, preds: Sequence[Predicted], m: Matching,
                   norm: Normalizer) -> list[ElementScore]:
    """One row per element of the truth or the findings, sorted, then the ``all`` row."""
    rows: dict[str, ElementScore] = {}

    def row(element: str) -> ElementScore:
        return rows.setdefault(element, ElementScore(element, truth.is_labelled(element)))

    doc_vals: dict[tuple[str, str, str], bool] = {}
    vals: dict[tuple[str, str], bool] = {}
    for o in truth.occurrences:
        if o.element is None:
            continue
        r = row(o.element)
        r.truth += 1
        r.found += o.id in m.found
        v = norm(o.element, o.value)
        doc_vals[(o.file, o.element, v)] = doc_vals.get((o.file, o.element, v), False) or o.id in m.found
        vals[(o.element, v)] = vals.get((o.element, v), False) or o.id in m.found
    for (_, element, _), hit in doc_vals.items():
        row(element).doc_values += 1
        row(element).doc_values_found += hit
    for (element, _), hit in vals.items():
        row(element).values += 1
        row(element).values_found += hit
    pred_vals: dict[tuple[str, str], bool] = {}
    for p in preds:
        r = row(p.element)
        r.findings += 1
        r.correct += p.id in m.pairs
        r.right_by_value += p.id in m.right_by_value
        key = (p.element, norm(p.element, p.value))
        pred_vals[key] = pred_vals.get(key, False) or p.id in m.right_by_value
    for (element, _), right in pred_vals.items():
        row(element).predicted_values += 1
        row(element).predicted_values_right += right
    ordered = [rows[k] for k in sorted(rows)]
    return [*ordered, _total(ordered)]


def _total(rows: Sequence[ElementScore]) -> ElementScore:
    """Recall over every element; precision over labelled elements only."""
    total = ElementScore("all")
    for r in rows:
        for c in ("truth", "found", "doc_values", "doc_values_found", "values", "values_found"):
            setattr(total, c, getattr(total, c) + getattr(r, c))
        if r.labelled:
            for c in ("findings", "correct", "right_by_value", "predicted_values", "predicted_values_right"):
                setattr(total, c, getattr(total, c) + getattr(r, c))
    return total


def label_scores(truth: TruthSet, m: Matching) -> list[dict[str, Any]]:
    """Recall per source type (external corpora), with the element each is scored under."""
    n: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    elements: dict[str, str | None] = {}
    for o in truth.occurrences:
        if o.label is not None:
            n[o.label] += 1
            hit[o.label] += o.id in m.found
            elements[o.label] = o.element
    return [{"label": k, "element": elements[k], "accepts": ",".join(sorted(_accepts(truth, k))),
             "truth": n[k], "found": hit[k], "recall": ratio(hit[k], n[k])} for k in sorted(n)]


def _accepts(truth: TruthSet, label: str) -> frozenset[str]:
    return next(o.accepted() for o in truth.occurrences if o.label == label)


def document_scores(truth: TruthSet, preds: Sequence[Predicted], m: Matching) -> dict[str, Any]:
    """Recall of PHI-bearing documents and files; PHI-free files flagged.

    A document is *flagged* when the case holds a finding of a labelled element
    in it; a file when it holds one in itself or any member. Documents are
    innermost (archive members); files are the corpus's top-level files.
    """
    judged = [p for p in preds if truth.is_labelled(p.element)]
    flagged_docs = {p.file for p in judged}
    right_docs = {p.file for p in judged if p.id in m.pairs}
    flagged_files = {p.file.split("!/", 1)[0] for p in judged}
    phi_docs = {o.file for o in truth.occurrences if o.phi}
    phi_files = {f.file for f in truth.files if f.top_level and f.has_phi}
    free_files = {f.file for f in truth.files if f.top_level and not f.has_phi}
    return {
        "phi_documents": len(phi_docs), "phi_documents_flagged": len(phi_docs & flagged_docs),
        "phi_documents_with_a_true_finding": len(phi_docs & right_docs),
        "document_recall": ratio(len(phi_docs & flagged_docs), len(phi_docs)),
        "phi_files": len(phi_files), "phi_files_flagged": len(phi_files & flagged_files),
        "file_recall": ratio(len(phi_files & flagged_files), len(phi_files)),
        "phi_free_files": len(free_files), "phi_free_files_flagged": len(free_files & flagged_files),
        "flagged_documents_without_phi": len(flagged_docs - phi_docs),
    }
