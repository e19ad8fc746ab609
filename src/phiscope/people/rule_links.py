"""Pairs that rules make from other evidence than Splink's, as one Arrow table of row numbers.

``bare.address_links``, ``family.message_links``, ``sole.name_links`` and a reviewer's must-links
(``review.reviewed_links``) each join two mentions on one shared value or decision. A
million-patient case gets millions of them (the same-name pairs alone: several per poor mention);
held as a Python dict each they took over a kilobyte a pair, so they are columns here: both
mentions' row numbers in the linkage table (``rowtable.RowTable``), the probability and weight the
clustering and ``person_links`` see, the rule and the value it rests on (``key``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

RULE_LINK_SCHEMA = pa.schema([("row_l", pa.int64()), ("row_r", pa.int64()),
                              ("match_probability", pa.float64()), ("match_weight", pa.float64()),
                              ("rule", pa.string()), ("key", pa.string())])


def rule_links(left: Sequence[int] | np.ndarray, right: Sequence[int] | np.ndarray, probability: float,
               weight: float, rule: str, key: str | Sequence[str | None] | None) -> pa.Table:
    """Pairs of rows ``left[i]``-``right[i]`` made by ``rule`` at ``probability`` and ``weight``,
    each resting on ``key`` (one for all, or one per pair)."""
    a, b = np.asarray(left, np.int64), np.asarray(right, np.int64)
    if a.shape != b.shape or (len(a) and min(int(a.min()), int(b.min())) < 0):
        raise ValueError("a rule's pair names a mention the rows do not hold")
    n = len(a)
    keys = (pa.array([key] * n if key is None or isinstance(key, str) else list(key), pa.string()))
    if len(keys) != n:
        raise ValueError("one key per pair")
    return pa.table([pa.array(a), pa.array(b), pa.array(np.full(n, probability, np.float64)),
                     pa.array(np.full(n, weight, np.float64)), pa.array([rule] * n, pa.string()), keys],
                    schema=RULE_LINK_SCHEMA)


def no_rule_links() -> pa.Table:
    """No pairs."""
    return RULE_LINK_SCHEMA.empty_table()


def joined(*parts: pa.Table) -> pa.Table:
    """The pairs of ``parts``, one after the other."""
    return pa.concat_tables([no_rule_links(), *parts]).combine_chunks()


def by_id(links: pa.Table, ids: pa.Array | Sequence[str]) -> list[dict[str, Any]]:
    """The pairs as dicts naming both mentions by id (``ids``: the mention ids in row order) — for a
    reader, a test or ``explain``, never millions at once."""
    names = ids if isinstance(ids, pa.Array) else pa.array(list(ids), pa.string())
    out: list[dict[str, Any]] = links.drop_columns(["row_l", "row_r"]).to_pylist()
    for d, a, b in zip(out, names.take(links.column("row_l")).to_pylist(),
                       names.take(links.column("row_r")).to_pylist(), strict=True):
        d["unique_id_l"], d["unique_id_r"] = a, b
    return out
