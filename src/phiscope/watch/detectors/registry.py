"""Automatic discovery of detectors."""

from __future__ import annotations

import importlib
import pkgutil

import phiscope.watch.detectors as detectors_pkg
from phiscope.plugins import registered
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import Detector


def detector_classes() -> dict[str, type[Detector]]:
    """Every detector class by id."""
    for info in pkgutil.iter_modules(detectors_pkg.__path__):
        if info.name not in ("base", "registry") and not info.name.startswith("_"):
            importlib.import_module(f"phiscope.watch.detectors.{info.name}")
    return dict(sorted(registered(Detector, "watch detector").items()))


def enabled_detectors(config: WatchConfig) -> list[Detector]:
    """One instance of each detector the config enables."""
    return [cls(config) for did, cls in detector_classes().items()
            if config.detector(did).get("enabled", True)]
