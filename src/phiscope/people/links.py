"""The pairs a resolution keeps, as one Arrow table, and the ``person_links`` rows made from it.

A large case keeps millions of pairs (each merge of a person's spanning tree, the review queue, the
conflicts): they stay in Arrow columns, and the per-pair work (the JSON of field weights, the review
count of each person) runs a slice at a time, so no dict per pair is ever held.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Container, Iterator, Mapping, Sequence

import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.cluster import AMBIGUOUS, CANNOT_LINK, Decision
from phiscope.people.linkage import COMPARED
from phiscope.people.sole import SOLE
from phiscope.people.weights import PairWeights, SessionRows
from phiscope.people.worth import Worth

#: (name shown, Splink column) of each per-field match weight
FIELD_WEIGHTS = [(c, f"mw_{c}") for c in COMPARED] + [(f"{c}_tf", f"mw_tf_adj_{c}")
                                                      for c in ("first_name", "last_name")]
LINK_SCHEMA = pa.schema([("mention_l", pa.string()), ("mention_r", pa.string()),
                         ("match_probability", pa.float64()), ("match_weight", pa.float64()),
                         ("band", pa.string()), ("conflict", pa.string()), ("merged", pa.bool_()),
                         ("field_weights", pa.string())])
#: pairs a rule made from other evidence than Splink's (``rule``, and the value they share: ``key``)
_RULE_COLUMNS = ("rule", "key")
SLICE = 200_000


def kept_pairs(scored: pa.Table | PairWeights, extra: pa.Table, keep: Sequence[Decision],
               ids: pa.Array | None = None) -> pa.Table:
    """The pairs of ``keep`` (indices into Splink's ``scored`` pairs, then into ``extra``, the pairs
    rules made: ``rule_links`` rows) in the order of those indices, with their ``band``, ``conflict``
    and ``merged``. Pairs given by row number (``row_l``/``row_r``: the rules' pairs, and Splink's
    scored by ``linkage.predict``'s ``by_row``) get their mentions' ids from ``ids`` (the mention ids
    in row order). Millions of pairs: the two parts are put together without a copy."""
    n = scored.num_rows
    keep = sorted(keep, key=lambda d: d[0])
    where = np.array([d[0] for d in keep], np.int64)
    splink = int(np.searchsorted(where, n))
    kept = _named(scored.take(pa.array(where[:splink], pa.int64())), ids)
    for col in _RULE_COLUMNS:
        kept = kept.append_column(col, pa.nulls(kept.num_rows, pa.string()))
    if splink < len(where):
        ruled = _named(extra.take(pa.array(where[splink:] - n, pa.int64())), ids)
        kept = pa.concat_tables([kept, _aligned(ruled, kept.schema)])
    return kept.append_column("band", pa.array([d[1] for d in keep], pa.string())) \
        .append_column("conflict", pa.array([d[2] for d in keep], pa.string())) \
        .append_column("merged", pa.array([bool(d[3]) for d in keep], pa.bool_()))


def _named(pairs: pa.Table, ids: pa.Array | None) -> pa.Table:
    """``pairs`` with their ends given by row number (``row_l``/``row_r``) named by mention id."""
    for end in ("l", "r"):
        if f"row_{end}" in pairs.column_names:
            if ids is None:
                raise ValueError("pairs given by row number need the mention ids")
            at = pairs.column_names.index(f"row_{end}")
            pairs = pairs.set_column(at, f"unique_id_{end}", ids.take(pairs.column(at)))
    return pairs


def _aligned(part: pa.Table, schema: pa.Schema) -> pa.Table:
    """``part`` with the columns of ``schema`` (nulls for those it lacks)."""
    return pa.table([part.column(f.name).cast(f.type) if f.name in part.column_names
                     else pa.nulls(part.num_rows, f.type) for f in schema], schema=schema)


def kept_slices(scored: pa.Table | PairWeights, extra: pa.Table, keep: Sequence[Decision] | Worth,
                ids: pa.Array | None = None, size: int = SLICE) -> Iterator[pa.Table]:
    """``kept_pairs`` a slice of ``size`` decisions at a time (all of them in the order of their
    indices): the weights of millions of kept pairs never in memory at once."""
    if isinstance(keep, Worth):
        parts: Iterator[list[Decision]] | list[list[Decision]] = keep.in_order(size)
    else:
        ordered = sorted(keep, key=lambda d: d[0])
        parts = [ordered[start:start + size] for start in range(0, len(ordered), size)]
    for part in parts:
        yield kept_pairs(scored, extra, part, ids)


#: the kept pairs' columns ``review_counts`` reads
REVIEW_COLUMNS = ["unique_id_l", "unique_id_r", "band", "conflict"]


class LinkRows(SessionRows):
    """``person_links`` rows made a slice at a time (``add``): in a temporary table of ``con``, the
    case session (``sql`` reads them), or in memory without one (``table``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        super().__init__(con, "phiscope_person_links", LINK_SCHEMA)




def link_table(kept: pa.Table, one_value_rules: Container[str]) -> pa.Table:
    """The ``person_links`` rows of the kept pairs (``one_value_rules``: rules whose pair rests on
    one shared value, shown as that value's weight)."""
    weights = [(name, col) for name, col in FIELD_WEIGHTS if col in kept.column_names]
    parts = [LINK_SCHEMA.empty_table()]
    for start in range(0, kept.num_rows, SLICE):
        part = kept.slice(start, SLICE)
        parts.append(pa.table({
            "mention_l": part.column("unique_id_l").cast(pa.string()),
            "mention_r": part.column("unique_id_r").cast(pa.string()),
            "match_probability": part.column("match_probability").cast(pa.float64()),
            "match_weight": part.column("match_weight").cast(pa.float64()),
            "band": part.column("band"), "conflict": part.column("conflict"), "merged": part.column("merged"),
            "field_weights": field_weights(part, weights, one_value_rules)}, schema=LINK_SCHEMA))
    return pa.concat_tables(parts).combine_chunks()


def field_weights(part: pa.Table, weights: Sequence[tuple[str, str]], one_value_rules: Container[str],
                  ) -> pa.Array:
    """Each pair's field weights as the JSON object ``json.dumps`` makes of ``{name: round(weight, 3)}``
    (the fields with a weight, in ``weights`` order; a pair of a ``one_value_rules`` rule shows its
    shared value's weight instead). Column by column: a weight column holds few distinct values (one
    per comparison level, or per name frequency), each formatted once; millions of pairs."""
    pieces = [_formatted(part.column(col), name) for name, col in weights]
    # each piece starts ", " (the first one's cut off); pyarrow 26's join that skips nulls drops a
    # row where every piece is null, so a null is joined as ""
    inner = (pc.utf8_slice_codeunits(pc.binary_join_element_wise(
        *pieces, "", null_handling="replace", null_replacement=""), 2) if pieces
             else pa.array([""] * part.num_rows, pa.string()))
    shown = pc.binary_join_element_wise("{", inner, "}", "")
    rule = part.column("rule")
    ruled = pc.is_in(rule, pa.array(_members(rule, one_value_rules), pa.string()))
    at = np.flatnonzero(pc.fill_null(ruled, False).to_numpy(zero_copy_only=False))
    if not len(at):
        return shown
    texts = field_weights_per_pair(part.take(pa.array(at, pa.int64())), weights, one_value_rules)
    mask = np.zeros(part.num_rows, bool)
    mask[at] = True
    return pc.replace_with_mask(shown, pa.array(mask), pa.array(texts, pa.string()))


def field_weights_per_pair(part: pa.Table, weights: Sequence[tuple[str, str]],
                           one_value_rules: Container[str]) -> list[str]:
    """``field_weights`` a pair at a time, a dict and ``json.dumps`` each: how it makes a rule's pairs
    (a shared value's name may repeat a field's), the reference it must equal to the byte, and the
    baseline ``bench/links_bench.py`` times it against."""
    out = []
    for row in part.select([*(col for _, col in weights), "rule", "key", "match_weight"]).to_pylist():
        w = {name: round(float(row[col]), 3) for name, col in weights if row[col] is not None}
        if row["rule"] in one_value_rules:
            w[str(row["key"])] = float(row["match_weight"])
        out.append(json.dumps(w))
    return out


def _formatted(column: pa.ChunkedArray, name: str) -> pa.Array:
    """``, "name": weight`` (``json.dumps`` of the weight rounded to 3 places) for each non-null weight,
    null for the others; each distinct weight (by its bits: -0.0 is not 0.0) formatted once."""
    array = column.combine_chunks().cast(pa.float64())
    valid = array.is_valid().to_numpy(zero_copy_only=False)
    bits = array.fill_null(0.0).to_numpy(zero_copy_only=False).view(np.uint64)
    distinct, index = np.unique(bits, return_inverse=True)
    label = json.dumps(name)
    texts = pa.array([f", {label}: {json.dumps(round(float(v), 3))}" for v in distinct.view(np.float64)],
                     pa.string())
    return texts.take(pa.array(index.reshape(-1), pa.int64(), mask=~valid))


def _members(column: pa.ChunkedArray, rules: Container[str]) -> list[str]:
    """The distinct values of ``column`` that are in ``rules``."""
    return [r for r in pc.unique(column).to_pylist() if r is not None and r in rules]


def review_counts(kept: pa.Table, owner: Mapping[str, str]) -> Counter[str]:
    """Per person, the kept links in its review queue: those of its mentions (left side) merged as
    the sole candidate, or review-band or ``ambiguous`` pairs into another person or none (not
    decided "distinct" by a reviewer)."""
    band, why = kept.column("band"), kept.column("conflict")
    queued = pc.or_kleene(pc.equal(band, SOLE),  # Kleene logic: a null conflict is "no conflict"
                          pc.and_kleene(pc.or_kleene(pc.equal(band, "review"), pc.equal(why, AMBIGUOUS)),
                                        pc.fill_null(pc.not_equal(why, CANNOT_LINK), True)))
    maybe = kept.filter(pc.fill_null(queued, False))
    out: Counter[str] = Counter()
    lefts, rights = maybe.column("unique_id_l").to_pylist(), maybe.column("unique_id_r").to_pylist()
    for left, right, b in zip(lefts, rights, maybe.column("band").to_pylist(), strict=True):
        mine = owner.get(str(left))
        if mine is not None and (b == SOLE or mine != owner.get(str(right))):
            out[mine] += 1
    return out
