"""Every pair of a value group scored as arrays (``match._all_scored``) orders the pairs exactly as
``location_agreement`` one pair at a time does."""

from __future__ import annotations

import random

from phiscope.eval.case import Predicted
from phiscope.eval.match import _all_scored, location_agreement
from phiscope.eval.truth import Occurrence

_PATHS = ["$", "$.a", "$.a[1]", "$.a[1].b", "$.a[12]", "$.ab", "$.a[1].bc", "$.records[3].name"]


def _place(rng: random.Random) -> dict[str, object]:
    def some(values: list[object]) -> object:
        return rng.choice([None, *values])

    return {"page": some([1, 2]), "sheet": some(["S1", "S2"]), "row": some([1, 2, 3]),
            "column": some(["A", "B"]), "line": some([10, 11]), "json_path": some(_PATHS)}


def test_array_scoring_matches_pair_by_pair_scoring() -> None:
    rng = random.Random(5)
    for _ in range(200):
        occs = [Occurrence(f"o{i}", "f.json", "dob", "1980-01-02", "p1", message=rng.choice([None, 1, 2]),
                           **_place(rng))  # type: ignore[arg-type]
                for i in range(rng.randint(1, 12))]
        preds = [Predicted(f"p{j}", f"p{j}", "f.json", "dob", "1980-01-02",
                           message=rng.choice([None, 1, 2]), **_place(rng))  # type: ignore[arg-type]
                 for j in range(rng.randint(1, 12))]
        expected = sorted((-location_agreement(o, p), i, j)
                          for i, o in enumerate(occs) for j, p in enumerate(preds))
        assert list(_all_scored(occs, preds)) == expected
