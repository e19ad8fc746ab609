"""Values compared the way the scanner compares them: each element's detector ``normalize``."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from phiscope.detectors.registry import DetectorSet, load_detectors


def _fallback(value: str) -> str:
    return " ".join(value.lower().split())


#: values whose normal form an evaluation remembers (a million patients' truth has tens of millions
#: of distinct values: remembering them all took gigabytes)
MEMO = 1 << 18


class Normalizer:
    """``norm(element, value)``: the first detector (by id) of ``element`` normalises it.

    Elements without a detector (and None) are lower-cased with runs of white
    space collapsed. The last ``memo`` results are remembered per instance.
    """

    def __init__(self, detectors: DetectorSet | None = None, memo: int = MEMO) -> None:
        self._by_element: dict[str, Callable[[str], str]] = {}
        for d in (detectors or load_detectors()).detectors:
            self._by_element.setdefault(d.element_type, d.normalize)
        self._call = lru_cache(maxsize=memo)(self._normal)

    def __call__(self, element: str | None, value: str) -> str:
        return self._call(element, value)

    def _normal(self, element: str | None, value: str) -> str:
        fn = self._by_element.get(element) if element else None
        try:
            return fn(value) if fn else _fallback(value)
        except Exception:  # a normaliser that chokes on odd input must not stop scoring
            return _fallback(value)
