"""Findings of a document about several people go to the nearest subject: bisection gives what
comparing every finding with every anchor gives (closer first, the preceding one on a tie, the first
listed of anchors at one place)."""

from __future__ import annotations

import random
from typing import Any

from phiscope.people.text_split import _nearest, position


def _by_scan(fs: list[dict[str, Any]], anchors: list[tuple[int, int]]) -> list[tuple[str, float, list[Any]]]:
    parts: dict[int, list[Any]] = {}
    for f in fs:
        pos = position(f)
        _, idx = min(anchors, key=lambda a: (abs(a[0] - pos), a[0] > pos))
        parts.setdefault(idx, []).append(f)
    return [("nearest-name", 0.6, parts[i]) for i in sorted(parts)]


def test_the_nearest_anchor_by_bisection_is_the_nearest_by_scan() -> None:
    rnd = random.Random(3)
    for _ in range(2000):
        fs = [{"line": rnd.randint(1, 30), "page": rnd.choice([None, 1]), "finding_id": str(i)}
              for i in range(rnd.randint(1, 25))]
        anchors = [(position({"line": rnd.randint(1, 30), "page": rnd.choice([None, 1])}), rnd.randint(0, 6))
                   for _ in range(rnd.randint(1, 8))]
        assert _nearest(fs, anchors, "nearest-name", 0.6) == _by_scan(fs, anchors)


def test_a_tie_goes_to_the_preceding_subject() -> None:
    middle, late = {"line": 5}, {"line": 7}  # line 5 is two lines from both subjects
    parts = _nearest([middle, late], [(7, 1), (3, 0)], "nearest-name", 0.6)
    assert [p[2] for p in parts] == [[middle], [late]]
