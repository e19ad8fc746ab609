"""One adapter per truth format: recognise a path, load its truth, export its texts.

An adapter module defines ``KIND``, ``detect(path) -> bool``,
``load(path) -> TruthSet`` and ``export_texts(path, out_dir) -> int`` (write
the corpus as files to scan; the simulator's corpus already is files).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from phiscope.errors import UsageError
from phiscope.eval.adapters import meddocan_brat, physionet_deid_gold, presidio_synth_v2, simulator
from phiscope.eval.truth import TruthSet


@dataclass(frozen=True)
class Adapter:
    """The functions of one adapter module."""

    kind: str
    detect: Callable[[Path], bool]
    load: Callable[[Path], TruthSet]
    export_texts: Callable[[Path, Path], int]


ADAPTERS: dict[str, Adapter] = {
    m.KIND: Adapter(m.KIND, m.detect, m.load, m.export_texts)
    for m in (simulator, presidio_synth_v2, physionet_deid_gold, meddocan_brat)
}
TRUTH_KINDS = ("auto", *ADAPTERS)


def adapter_for(path: Path, kind: str = "auto") -> Adapter:
    """The adapter named ``kind``, or the one that recognises ``path`` (``auto``)."""
    if kind != "auto":
        if kind not in ADAPTERS:
            raise UsageError(f"unknown truth format {kind!r}; choose from {', '.join(TRUTH_KINDS)}")
        return ADAPTERS[kind]
    for adapter in ADAPTERS.values():
        if adapter.detect(path):
            return adapter
    raise UsageError(f"{path} is not a truth folder phiscope knows ({', '.join(ADAPTERS)}); "
                     "give the folder written beside a simulated corpus (<corpus>.truth/) "
                     "or name the format with --truth-format")
