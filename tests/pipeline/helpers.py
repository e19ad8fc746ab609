"""A small simulated breach and its incident file, shared by the pipeline and report tests."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from phiscope.pipeline.options import RunOptions
from phiscope.simulate.corpus import generate
from phiscope.store import CaseStore
from tests.store.store_helpers import FAST_KDF, KEY

ENV = {"PHISCOPE_KEY": KEY.decode()}
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demo-incident.toml"


def make_breach(root: Path, patients: int = 12, seed: int = 3) -> RunOptions:
    """A simulated corpus, an empty case (fast key derivation), the demo incident without letters."""
    corpus = root / "corpus"
    generate(corpus, patients=patients, seed=seed)
    CaseStore.create(root / "case", KEY, FAST_KDF).close()
    incident = root / "incident.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    incident.write_text(text[: text.index("\n[letters]\n") + 1], encoding="utf-8")
    return RunOptions(paths=(str(corpus),), case_dir=root / "case", incident=incident, env=ENV, workers=1,
                      truth=root / "corpus.truth", pdf=False)


def with_letters(opts: RunOptions) -> RunOptions:
    """The same run with the demo incident's [letters] section (the notices stage runs)."""
    shutil.copy(EXAMPLE, opts.incident)
    return replace(opts)
