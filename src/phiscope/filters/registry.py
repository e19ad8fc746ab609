"""Filters exclude, detectors find.

A filter is a module in ``phiscope/filters/`` that defines:

* ``APPLIES_TO: tuple[str, ...]`` — detector ids it applies to (``"*"`` = all);
* ``def excluded(value: str, before: str, after: str) -> bool`` — a pure
  predicate: True drops the candidate (``before``/``after`` are the text
  around it, used for negative context such as "Invoice #").

Filters are discovered automatically, like detectors.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import phiscope.filters as filters_pkg

Predicate = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class FilterSet:
    """Filters indexed by detector id."""

    by_detector: dict[str, tuple[Predicate, ...]] = field(default_factory=dict)
    universal: tuple[Predicate, ...] = ()

    def excluded(self, detector_id: str, value: str, before: str, after: str) -> bool:
        """Whether any filter drops this candidate."""
        for pred in self.universal:
            if pred(value, before, after):
                return True
        return any(pred(value, before, after) for pred in self.by_detector.get(detector_id, ()))


def load_filters() -> FilterSet:
    """Import every filter module and index its predicate."""
    by_det: dict[str, list[Predicate]] = {}
    universal: list[Predicate] = []
    for info in pkgutil.iter_modules(filters_pkg.__path__):
        if info.name.startswith("_") or info.name == "registry":
            continue
        mod = importlib.import_module(f"phiscope.filters.{info.name}")
        pred = getattr(mod, "excluded", None)
        targets = getattr(mod, "APPLIES_TO", ())
        if pred is None:
            continue
        for t in targets:
            if t == "*":
                universal.append(pred)
            else:
                by_det.setdefault(t, []).append(pred)
    return FilterSet({k: tuple(v) for k, v in by_det.items()}, tuple(universal))
