"""Synthetic breach corpora with ground truth, for demos, benchmarks and end-to-end tests.

``generate(out_dir, patients, seed)`` writes the files and returns a
``CorpusTruth``; the truth is also written as JSONL beside the folder.
"""

from phiscope.simulate.corpus import FORMATS, default_truth_path, generate
from phiscope.simulate.truth import CorpusTruth, TruthRecord

__all__ = ["FORMATS", "CorpusTruth", "TruthRecord", "default_truth_path", "generate"]
