"""Same-name links that would chain a case into one component, set aside before the clustering.

``sole.name_links`` joins each poor mention (a name and little else) to the known mentions with the
same full name, so that a poor mention fitting one person joins it and one fitting two or more is
*unattributed*. On a million-patient case these links chain: a poor "John Smith" joins every John
Smith's component, each holding a variant of a name that another poor mention joins to its own
namesakes, and one component held 6.2 of 11.5 million mentions, which the clustering decides as a
single batch.

The clustering merges known people only through Splink's pairs, the other rules' pairs and a
reviewer's must-links, never through a same-name link (review band), and ``sole`` moves only poor
groups. So two known mentions in different components of those other pairs are in different people.
A poor mention whose namesakes lie in two or more such components therefore has two or more
candidates whatever else happens: its links are left out of the clustering, the mention is
*marked* (``sole_candidates``' ``several``: a poor group holding it is unattributed, as the links
would have made it; ``partition.decide_at`` does the same for a marked poor mention left in no
pair), and the links' decisions are made here, as ``cluster.cluster_pairs`` makes a review-band
pair's: conflict, or cannot-link, kept when it says something (``cluster.explaining``). Review-band
pairs never merge and the ambiguity step reads auto-band pairs only, so nothing else changes
(``tests/people/test_name_split.py`` compares both ways).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.cluster import CANNOT_LINK, Decision, Thresholds, band
from phiscope.people.cluster import _contact_by_name_only as contact_by_name_only
from phiscope.people.conflicts import CONFLICT_FIELDS, conflict
from phiscope.people.rowtable import RowTable
from phiscope.people.worth import Worth


def split_name_links(links: pa.Table, component: np.ndarray) -> tuple[pa.Table, pa.Table, np.ndarray]:
    """The same-name links (``rule_links`` rows) kept for the clustering, those set aside, and the
    rows of the marked mentions (sorted), given each row's ``component`` in the other pairs."""
    left = np.asarray(links.column("row_l").to_numpy(), np.int64)
    right = np.asarray(links.column("row_r").to_numpy(), np.int64)
    reach = (pl.DataFrame({"row": left, "component": component[right]})
             .group_by("row").agg(pl.col("component").n_unique().alias("n")).filter(pl.col("n") > 1))
    marked = np.sort(reach["row"].to_numpy())
    aside = np.isin(left, marked)
    return links.filter(pa.array(~aside)), links.filter(pa.array(aside)), marked


#: the fields of a set-aside link's ends that its decision reads (``conflict``, ``contact_by_name_only``)
_READ = (*CONFLICT_FIELDS, "emails")
#: set-aside links decided at a time
SLICE = 200_000


def aside_decisions(aside: pa.Table, first: int, table: RowTable, clusters: Mapping[str, list[str]],
                    t: Thresholds, cannot: Sequence[tuple[str, str]], into: Worth,
                    size: int = SLICE) -> tuple[int, Counter[str], int]:
    """Decide every link set aside (decision indices from ``first``) given the people the
    clustering made, each as ``cluster_pairs`` decides a review-band pair (conflict, or cannot-link),
    and add those worth keeping to ``into`` as ``explaining`` keeps one (a conflict, or a review-band
    pair between two people); returns how many were decided, their bands and their conflicts.

    ``size`` links at a time: a million-patient case sets aside millions of links, and their ends'
    linkage rows as objects all at once took 3.6 GB."""
    bands: Counter[str] = Counter()
    conflicts = 0
    if not aside.num_rows:
        return 0, bands, conflicts
    ids = table.ids
    row_l = np.asarray(aside.column("row_l").to_numpy(), np.int64)
    row_r = np.asarray(aside.column("row_r").to_numpy(), np.int64)
    wanted = set(ids.take(pa.array(np.unique(np.concatenate([row_l, row_r])))).to_pylist())
    person = {m: k for k, members in enumerate(clusters.values()) for m in members if m in wanted}
    del wanted
    refused = {(a, b) if a < b else (b, a) for a, b in cannot}
    probability = np.asarray(aside.column("match_probability").to_numpy(), np.float64)
    for start in range(0, len(row_l), size):
        at_l, at_r = row_l[start:start + size], row_r[start:start + size]
        left, right = ids.take(pa.array(at_l)).to_pylist(), ids.take(pa.array(at_r)).to_pylist()
        rows = table.fields_at(np.unique(np.concatenate([at_l, at_r])), _READ)
        worth: list[Decision] = []
        for k, (a, b, p) in enumerate(zip(left, right, probability[start:start + size].tolist(), strict=True),
                                      start):
            kind = band(p, t)
            bands[kind] += 1
            why = CANNOT_LINK if ((a, b) if a < b else (b, a)) in refused else None
            if kind != "distinct" and why is None:
                why = conflict(rows[a], rows[b]) or contact_by_name_only(rows[a], rows[b])
            conflicts += why is not None
            if kind != "distinct" and (why is not None or (kind == "review" and person[a] != person[b])):
                worth.append((first + k, kind, why, False))
        into.extend(worth)
    return len(row_l), bands, conflicts
