"""The kept pairs as one table: the person_links rows and each person's review count."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa

from phiscope.people.cluster import AMBIGUOUS, CANNOT_LINK
from phiscope.people.links import (
    LinkRows,
    field_weights,
    field_weights_per_pair,
    kept_pairs,
    kept_slices,
    link_table,
    review_counts,
)
from phiscope.people.rule_links import no_rule_links, rule_links
from phiscope.people.sole import SOLE
from phiscope.store.db import scratch

SCORED = pa.table({"unique_id_l": ["a", "a", "c", "d", "e", "f"],
                   "unique_id_r": ["b", "c", "d", "e", "f", "g"],
                   "match_weight": [20.0, 3.0, 1.0, 2.0, 4.0, 5.0],
                   "match_probability": [0.99, 0.8, 0.6, 0.7, 0.9, 0.97],
                   "mw_first_name": [7.1234, 1.0, None, 0.5, 0.5, 0.5]})
IDS = pa.array(list("abcdefgh"))
EXTRA = rule_links([6], [7], 1.0, 30.0, "bare-contact", "email")  # g-h
# (index, band, conflict, merged): 0 merged; 1 review into another person; 2 review, cannot-link;
# 3 a sole candidate merged (no conflict); 4 ambiguous auto pair; 5 review within one person; 6 rule
KEEP = [(0, "auto", None, True), (1, "review", None, False), (2, "review", CANNOT_LINK, False),
        (3, SOLE, None, True), (4, "auto", AMBIGUOUS, False), (5, "review", None, False),
        (6, "auto", None, True)]
OWNER = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P2", "f": "P3", "g": "P3", "h": "P3"}


def test_kept_pairs_come_in_the_order_of_their_indices_with_the_rule_pairs() -> None:
    kept = kept_pairs(SCORED, EXTRA, KEEP[::-1], IDS)
    assert kept.column("unique_id_l").to_pylist() == ["a", "a", "c", "d", "e", "f", "g"]
    assert kept.column("rule").to_pylist() == [None] * 6 + ["bare-contact"]
    assert kept.column("merged").to_pylist() == [True, False, False, True, False, False, True]


def test_link_rows_show_field_weights_and_a_rules_one_value() -> None:
    links = link_table(kept_pairs(SCORED, EXTRA, KEEP, IDS), ("bare-contact",)).to_pylist()
    assert json.loads(links[0]["field_weights"]) == {"first_name": 7.123}
    assert json.loads(links[2]["field_weights"]) == {}
    assert json.loads(links[6]["field_weights"]) == {"email": 30.0}
    assert [r["band"] for r in links] == [d[1] for d in KEEP] and links[2]["conflict"] == CANNOT_LINK


def test_review_counts_follow_the_queue_rules() -> None:
    # P1: the review pair a-c into P2; P2: the sole-candidate merge d-e (its own person) and the
    # ambiguous pair e-f into P3; not the cannot-link pair, the merge, the pair within P3
    assert review_counts(kept_pairs(SCORED, EXTRA, KEEP, IDS), OWNER) == {"P1": 1, "P2": 2}


def test_nothing_kept() -> None:
    kept = kept_pairs(SCORED, no_rule_links(), [])
    assert kept.num_rows == 0 and link_table(kept, ()).num_rows == 0 and not review_counts(kept, OWNER)


def test_link_rows_made_a_slice_at_a_time_wait_in_the_session_or_in_memory(tmp_path: Path) -> None:
    whole = link_table(kept_pairs(SCORED, EXTRA, KEEP, IDS), ("bare-contact",))
    parts = [link_table(p, ("bare-contact",)) for p in kept_slices(SCORED, EXTRA, KEEP[::-1], IDS, size=3)]
    assert len(parts) == 3
    in_memory = LinkRows()
    for part in parts:
        in_memory.add(part)
    assert in_memory.sql() is None and in_memory.table() == whole
    con = scratch(tmp_path)
    try:
        waiting = LinkRows(con)
        for part in parts:
            waiting.add(part)
        sql = waiting.sql()
        assert waiting.table() is None and sql is not None
        assert con.execute(sql).fetch_arrow_table().sort_by("mention_l").to_pylist() == \
            whole.sort_by("mention_l").to_pylist()
        waiting.close()
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'phiscope_person_links'"
                           ).fetchone() == (0,)
    finally:
        con.close()


def test_field_weights_equal_a_dict_per_pair_to_the_byte() -> None:
    rng = np.random.default_rng(7)
    n = 5_000
    # few distinct weights per column (one per comparison level), some near a rounding tie, odd values
    levels = [7.1234, -3.0005, 2.675, 0.0015, -0.0, 0.0, float("inf"), float("-inf"), float("nan"),
              1e-7, 1e17]
    cols: dict[str, list[float | None]] = {}
    for col in ("mw_first_name", "mw_dob", "mw_tf_adj_last_name"):
        picks = rng.integers(0, len(levels) + 2, n)
        cols[col] = [None if p == len(levels) else float(rng.normal() * 9) if p > len(levels)
                     else levels[p] for p in picks]
    rule = [None if r == 0 else "bare-contact" if r == 1 else "message" for r in rng.integers(0, 3, n)]
    key = ["first_name" if i % 7 == 0 else f'say "hi"\\ {i}' for i in range(n)]
    part = pa.table({**cols, "rule": pa.array(rule, pa.string()), "key": key,
                     "match_weight": rng.normal(size=n) * 10})
    weights = [("first_name", "mw_first_name"), ("dob", "mw_dob"), ("last_name_tf", "mw_tf_adj_last_name")]
    for rules in (("bare-contact",), ()):
        assert field_weights(part, weights, rules).to_pylist() == field_weights_per_pair(part, weights, rules)
    assert field_weights(part, [], ()).to_pylist() == ["{}"] * n
    assert field_weights(part, weights[:1], ()).to_pylist() == field_weights_per_pair(part, weights[:1], ())
    assert field_weights(part.slice(0, 0), weights, ("bare-contact",)).to_pylist() == []
