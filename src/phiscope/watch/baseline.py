"""Robust baselines: median and MAD of a bounded history of window values."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MAD_TO_SIGMA = 1.4826  # MAD of a normal distribution times this is its standard deviation


@dataclass(slots=True)
class RobustBaseline:
    """The last ``max_history`` values of a measure (one per active window)."""

    max_history: int = 400
    values: deque[float] = field(default_factory=deque)
    _cached: tuple[float, float] | None = None
    _stale: int = 0  # values added since the cached statistics

    def add(self, value: float) -> None:
        """Learn one window's value (callers skip windows that alerted)."""
        self.values.append(value)
        if len(self.values) > self.max_history:
            self.values.popleft()
        self._stale += 1
        if self._stale > len(self.values) // 50:  # large pools: refresh every 2% of new values
            self._cached = None

    def __len__(self) -> int:
        return len(self.values)

    def median_mad(self) -> tuple[float, float]:
        """Median and median absolute deviation of the history (0, 0 when empty)."""
        if self._cached is None:
            if not self.values:
                return 0.0, 0.0
            xs = np.fromiter(self.values, dtype=np.float64, count=len(self.values))
            med = float(np.median(xs))
            mad = float(np.median(np.abs(xs - med)))
            self._cached = (med, mad)
            self._stale = 0
        return self._cached

    def threshold(self, k: float) -> float:
        """``median + k * sigma`` with sigma from the MAD, never below a tenth of the median or 1,
        so a constant history does not make every small change an outlier."""
        med, mad = self.median_mad()
        sigma = max(MAD_TO_SIGMA * mad, 0.1 * med, 1.0)
        return med + k * sigma

    def to_state(self) -> dict[str, Any]:
        """JSON-ready history (with the cached statistics, so a restored baseline answers
        exactly as the one saved)."""
        return {"max": self.max_history, "values": list(self.values),
                "cached": list(self._cached) if self._cached is not None else None, "stale": self._stale}

    @classmethod
    def from_state(cls, data: Mapping[str, Any], max_history: int) -> RobustBaseline:
        """A baseline from ``to_state`` output, keeping the last ``max_history`` values."""
        values = [float(v) for v in data.get("values", [])][-max_history:]
        b = cls(max_history, deque(values))
        cached = data.get("cached")
        if cached is not None and len(values) == len(data.get("values", [])):
            b._cached = (float(cached[0]), float(cached[1]))
            b._stale = int(data.get("stale", 0))
        return b
