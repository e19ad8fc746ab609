"""Automatic discovery of detectors: every ``Detector`` subclass with an ``id``
defined in a module under ``phiscope.detectors.<group>`` is registered.

No list to edit. Ids must be unique; duplicates are a programming error.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass

from phiscope.detectors.base import Detector
from phiscope.plugins import registered

_GROUPS = ("identifiers", "contact", "financial", "clinical", "names")


def _iter_modules() -> Iterable[str]:
    for group in _GROUPS:
        pkg = importlib.import_module(f"phiscope.detectors.{group}")
        for info in pkgutil.iter_modules(pkg.__path__):
            if not info.name.startswith("_"):
                yield f"phiscope.detectors.{group}.{info.name}"


@dataclass(frozen=True)
class DetectorSet:
    """An ordered, id-indexed set of detector instances."""

    detectors: tuple[Detector, ...]

    def by_id(self, detector_id: str) -> Detector:
        """The detector with this id (KeyError if unknown)."""
        for d in self.detectors:
            if d.id == detector_id:
                return d
        raise KeyError(detector_id)

    def ids(self) -> list[str]:
        """All detector ids, sorted."""
        return sorted(d.id for d in self.detectors)

    def select(self, ids: Iterable[str]) -> DetectorSet:
        """Only the detectors with these ids."""
        wanted = set(ids)
        return DetectorSet(tuple(d for d in self.detectors if d.id in wanted))


def load_detectors() -> DetectorSet:
    """Import every detector module and instantiate each detector once."""
    for name in _iter_modules():
        importlib.import_module(name)
    seen = registered(Detector, "detector")
    return DetectorSet(tuple(seen[k]() for k in sorted(seen)))
