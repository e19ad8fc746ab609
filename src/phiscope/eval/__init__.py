"""Scoring a case against ground truth: the simulator's truth folder or an external labelled corpus.

``load_truth`` reads a truth (through one adapter per format, see ``adapters``),
``load_predictions`` reads a case's findings, ``match`` pairs them (see
``match.py`` for the rules), ``score`` counts, ``people`` holds the person-level
metrics and ``report`` shapes the result for the CLI. ``phiscope.api.evaluate``
ties them together.
"""

from phiscope.eval.truth import Occurrence, TruthFile, TruthSet, load_truth

__all__ = ["Occurrence", "TruthFile", "TruthSet", "load_truth"]
