"""The bounded name block finds every pair the unbounded one kept, with fewer candidate pairs."""

from __future__ import annotations

import random
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pytest

from phiscope.people import linkage
from phiscope.people.name_block import NAME_KEY, NAME_KEY_BLOCK
from phiscope.people.table import LIST_COLUMNS, SPLINK_COLUMNS

#: four common names (weights 60, 30, 20, 15), then eighty rare ones (weight 1 each)
COMMON_FIRST, COMMON_LAST = ["JOHN", "MARY", "JAMES", "LINDA"], ["SMITH", "JOHNSON", "BROWN", "GARCIA"]
FIRST = COMMON_FIRST + [f"IMOGEN{chr(65 + k // 26)}{chr(65 + k % 26)}" for k in range(80)]
LAST = COMMON_LAST + [f"VANTERPOOL{chr(65 + k // 26)}{chr(65 + k % 26)}" for k in range(80)]
WEIGHTS = [60, 30, 20, 15] + [1] * 80
#: the unbounded rule the name key replaces: every pair of equal phonetic names with a DOB missing
UNBOUNDED = ('l."first_ph" = r."first_ph" AND l."last_ph" = r."last_ph" AND '
             '(l."dob" IS NULL OR r."dob" IS NULL)')


def _mentions(people: int = 400, seed: int = 5) -> pa.Table:
    """Each person: three mentions with a DOB (one with an SSN, one with an address), four without:
    an address, a phone twice (a contact record), the name alone. Names skewed (``WEIGHTS``)."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for p in range(people):
        first, last = rng.choices(FIRST, WEIGHTS)[0], rng.choices(LAST, WEIGHTS)[0]
        dob = f"{rng.randint(1940, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        phone = f"+1860555{p:04d}"
        street = f"{p} MAIN ST"
        kinds = [{"dob": dob, "ssn": f"{500000000 + p}"}, {"dob": dob},
                 {"dob": dob, "zip5": "06101", "street": street}, {"street": street, "zip5": "06101"},
                 {"phone": phone, "phones": [phone]}, {"phone": phone, "phones": [phone]}, {}]
        for extra in kinds:
            rows.append({"first_name": first, "last_name": last, "first_ph": first, "last_ph": last,
                         "first_group": [first], **extra})
    columns = {c: [r.get(c) for r in rows] for c in SPLINK_COLUMNS if c != "unique_id"}
    table = pa.table({"unique_id": [f"m{k:05d}" for k in range(len(rows))],
                      **{c: pa.array(v, pa.list_(pa.string()) if c in {"first_group", *LIST_COLUMNS}
                                     else pa.string()) for c, v in columns.items()}})
    return table.append_column("row", pa.array(range(len(rows)), pa.int64()))


def _pairs(table: pa.Table, blocks: tuple[Any, ...]) -> set[tuple[int, int]]:
    out = linkage.predict(table, blocks=blocks, options=linkage.LinkageOptions(keep_above=0.5), by_row=True)
    return {(min(a, b), max(a, b)) for a, b in zip(out.column("row_l").to_pylist(),
                                                   out.column("row_r").to_pylist(), strict=True)}


def test_the_bounded_name_block_keeps_every_pair_the_unbounded_block_kept(monkeypatch: pytest.MonkeyPatch,
                                                                         ) -> None:
    table = _mentions()
    keyed: list[pa.Table] = []
    real = linkage.with_name_key

    def spy(t: pa.Table, *a: Any, **k: Any) -> pa.Table:
        keyed.append(real(t, *a, **k))
        return keyed[-1]

    monkeypatch.setattr(linkage, "with_name_key", spy)
    bounded = _pairs(table, linkage.BLOCKS)
    unbounded = _pairs(table, tuple(UNBOUNDED if b == NAME_KEY_BLOCK else b for b in linkage.BLOCKS))
    assert bounded == unbounded
    # the pairs a missing DOB leaves to the names are kept for rare names only: common names are
    # out of the block, rare ones in it
    keys = keyed[0].column(NAME_KEY).to_pylist()
    firsts = keyed[0].column("first_name").to_pylist()
    lasts = keyed[0].column("last_name").to_pylist()
    common = [k for k, f, la in zip(keys, firsts, lasts, strict=True) if (f, la) == ("JOHN", "SMITH")]
    rare = [k for k, f, la in zip(keys, firsts, lasts, strict=True)
            if f not in COMMON_FIRST and la not in COMMON_LAST]
    assert common and all(k is None for k in common)
    assert rare and all(k is not None for k in rare)
    # and the bound was needed: some name-only pairs above the threshold exist
    dobless = {r for r, d in enumerate(keyed[0].column("dob").to_pylist()) if d is None}
    assert any(a in dobless or b in dobless for a, b in bounded)


def test_a_prediction_cut_into_chunks_scores_the_same_pairs() -> None:
    table = _mentions(150)
    whole = linkage.predict(table, options=linkage.LinkageOptions(keep_above=0.5), by_row=True)
    cut = linkage.predict(table, options=linkage.LinkageOptions(keep_above=0.5, chunk_rows=100), by_row=True)
    assert linkage.chunks_per_side(table.num_rows, 100) == 4

    def scored(t: pa.Table) -> dict[tuple[int, int], float]:
        ends = zip(t.column("row_l").to_pylist(), t.column("row_r").to_pylist(), strict=True)
        return {(min(a, b), max(a, b)): round(p, 9)
                for (a, b), p in zip(ends, t.column("match_probability").to_pylist(), strict=True)}

    assert len(whole) == len(cut) > 0
    assert scored(whole) == scored(cut)
