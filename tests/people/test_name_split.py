"""Same-name links set aside before the clustering decide exactly what they decided inside it."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pyarrow as pa

from phiscope.people.cluster import Reviewed, Thresholds
from phiscope.people.name_split import aside_decisions, split_name_links
from phiscope.people.partition import components, decide_at
from phiscope.people.rowtable import RowTable
from phiscope.people.rule_links import joined, rule_links
from phiscope.people.sole import name_links
from phiscope.people.worth import Worth

NAMES = [("ann", "lee"), ("bo", "kim"), ("cy", "ng")]


def _case(seed: int) -> tuple[RowTable, pa.Table, Reviewed]:
    """People named alike (a few names), each known from mentions with a DOB or MRN and joined by
    auto pairs; poor mentions (a name and a member id) with review pairs; a cannot-link."""
    rng = random.Random(seed)
    rows: dict[str, dict[str, Any]] = {}
    pairs: list[tuple[str, str, float]] = []
    for p in range(12):
        first, last = rng.choice(NAMES)
        dob = f"19{50 + p:02d}-0{1 + p % 9}-1{p % 10}"
        ids = [f"k{p}_{j}" for j in range(rng.randint(1, 3))]
        for j, mid in enumerate(ids):
            rows[mid] = {"first_name": first, "last_name": last, "structured": True,
                         **({"dob": dob} if j % 2 == 0 else {"mrn": f"M{p}"})}
        pairs += [(ids[0], m, 0.99) for m in ids[1:]]
    known = list(rows)
    for q in range(10):
        first, last = rng.choice(NAMES)
        mid = f"poor{q}"
        rows[mid] = {"first_name": first, "last_name": last, "member_id": f"X{q % 4}", "structured": True}
        if rng.random() < 0.4:
            pairs.append((mid, rng.choice(known), 0.7))
        if rng.random() < 0.3:
            pairs.append((mid, f"poor{rng.randrange(10)}", 0.99))
    ordered = {m: {"unique_id": m, **r} for m, r in sorted(rows.items())}
    table = RowTable.from_rows(ordered)
    pairs = [(x, y, p) for x, y, p in pairs if x != y]
    splink = pa.table({"row_l": table.positions([x for x, _, _ in pairs]),
                       "row_r": table.positions([y for _, y, _ in pairs]),
                       "match_probability": [p for _, _, p in pairs]})
    cannot = (("poor0", known[0]),) if seed % 2 else ()
    return table, splink, Reviewed((), cannot)


def _named(table: RowTable, order: pa.Table, worth: list[Any]) -> set[tuple[Any, ...]]:
    ids = table.ids.to_pylist()
    left, right = order.column("row_l").to_pylist(), order.column("row_r").to_pylist()
    return {(ids[left[i]], ids[right[i]], band, why, merged) for i, band, why, merged in worth}


def test_setting_links_aside_decides_the_same() -> None:
    t = Thresholds()
    marked_somewhere = False
    for seed in range(8):
        table, splink, rules = _case(seed)
        names = name_links(table, t.review)
        # inside: every same-name link in the clustering
        inside = joined(rule_links(splink.column("row_l").to_numpy(), splink.column("row_r").to_numpy(),
                                   0.0, 0.0, "splink", None), names)
        prob_in = np.concatenate([splink.column("match_probability").to_numpy(),
                                  names.column("match_probability").to_numpy()])
        a, b = inside.column("row_l").to_numpy(), inside.column("row_r").to_numpy()
        whole = decide_at(table, a, b, prob_in, len(prob_in), t, rules)
        # aside: those whose namesakes span two components of the other pairs
        sa, sb = splink.column("row_l").to_numpy(), splink.column("row_r").to_numpy()
        kept, aside, several = split_name_links(names, components(len(table), sa, sb))
        marked_somewhere |= bool(len(several))
        order = joined(rule_links(sa, sb, 0.0, 0.0, "splink", None), kept)
        prob = np.concatenate([splink.column("match_probability").to_numpy(),
                               kept.column("match_probability").to_numpy()])
        split = decide_at(table, order.column("row_l").to_numpy(), order.column("row_r").to_numpy(), prob,
                          len(prob), t, rules, several=several)
        worth = Worth()
        decided, bands, conflicts = aside_decisions(aside, len(prob), table, split.clusters, t, rules.cannot,
                                                    worth, size=3)  # a few links at a time
        assert split.clusters == whole.clusters
        assert (split.unattributed, split.held) == (whole.unattributed, whole.held)
        assert (split.pairs + decided, split.bands + bands, split.conflicts + conflicts) == (
            whole.pairs, whole.bands, whole.conflicts)
        assert (_named(table, joined(order, aside), [*split.worth, *worth])
                == _named(table, inside, list(whole.worth)))
    assert marked_somewhere
