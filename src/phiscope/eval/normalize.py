"""Values compared the way the scanner compares them: each element's detector ``normalize``."""

from __future__ import annotations

from collections.abc import Callable

from phiscope.detectors.registry import DetectorSet, load_detectors


def _fallback(value: str) -> str:
    return " ".join(value.lower().split())


class Normalizer:
    """``norm(element, value)``: the first detector (by id) of ``element`` normalises it.

    Elements without a detector (and None) are lower-cased with runs of white
    space collapsed. Results are memoised per instance.
    """

    def __init__(self, detectors: DetectorSet | None = None) -> None:
        self._by_element: dict[str, Callable[[str], str]] = {}
        for d in (detectors or load_detectors()).detectors:
            self._by_element.setdefault(d.element_type, d.normalize)
        self._memo: dict[tuple[str | None, str], str] = {}

    def __call__(self, element: str | None, value: str) -> str:
        key = (element, value)
        hit = self._memo.get(key)
        if hit is None:
            fn = self._by_element.get(element) if element else None
            try:
                hit = fn(value) if fn else _fallback(value)
            except Exception:  # a normaliser that chokes on odd input must not stop scoring
                hit = _fallback(value)
            self._memo[key] = hit
        return hit
