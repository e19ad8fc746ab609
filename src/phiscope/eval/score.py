"""Element-level counts of an evaluation (``eval.tally`` gathers them).

Three units per element (the rows of ``Tally.elements``):

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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def total(rows: Sequence[ElementScore]) -> ElementScore:
    """Recall over every element; precision over labelled elements only."""
    out = ElementScore("all")
    for r in rows:
        for c in ("truth", "found", "doc_values", "doc_values_found", "values", "values_found"):
            setattr(out, c, getattr(out, c) + getattr(r, c))
        if r.labelled:
            for c in ("findings", "correct", "right_by_value", "predicted_values", "predicted_values_right"):
                setattr(out, c, getattr(out, c) + getattr(r, c))
    return out
