"""A corpus generated once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from phiscope.simulate import CorpusTruth, generate

PATIENTS = 120
SEED = 11


@dataclass(frozen=True)
class Corpus:
    """A generated corpus folder and its truth."""

    root: Path
    truth_path: Path
    truth: CorpusTruth


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """120 patients, seed 11, every format."""
    base = tmp_path_factory.mktemp("sim")
    root = base / "corpus"
    truth = generate(root, PATIENTS, SEED)
    return Corpus(root, base / "corpus.truth.jsonl", truth)
