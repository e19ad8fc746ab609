"""The name block: mentions that agree on the phonetic first and last name where a DOB is missing.

Such a pair (a next of kin with a phone, an insurance subscriber, a name in a note, against the
patient's own records) is found by no other block, and only the names — with the suffix, the
street, the ZIP or an SSN one typo off — can speak for it. Blocking every such pair is quadratic in
a common name's frequency: about ten million candidate pairs at 100,000 patients, of the order of a
billion at 1,000,000, where Splink's blocked pairs filled the disk.

Most of those pairs cannot be kept anyway. With term-frequency adjustment an exact name is worth
``log2(m / tf)``: the more often a name occurs in the case, the weaker it is, while the prior (the
chance two random mentions are one person) falls as the case grows. After training, each mention's
*reach* is the prior's weight plus, for each comparison that can agree on a pair only this block
finds, the best weight that comparison can give a pair holding this mention's values (0 where the
mention has none; an exact name's weight uses the name's own frequency, and a pair's uses the
larger of its two, so it is no more). No pair this block finds outweighs the smaller reach of its two
mentions, so only mentions whose reach attains the kept threshold get a ``name_key``, and the block
joins on it: every pair the unbounded block kept is still found, and the pairs grow with the
number of mentions, not with its square. Comparisons left out of the reach (``FOUND_ELSEWHERE``)
agree only on pairs another block finds anyway; the DOB compares nothing on these pairs (one is
missing).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

#: every level of a comparison (``FOUND_ELSEWHERE``)
ALL = 1 << 30
#: the column the name block joins on (null: the mention's name cannot carry such a pair)
NAME_KEY = "name_key"
#: per comparison, how many of its top levels (null level aside) only pairs another block finds reach
#: among this block's pairs (which agree on both phonetic names): every level of the MRN, member
#: ids, phones and e-mails (their blocks) and of the DOB (these pairs miss one); an exact SSN (the SSN
#: block) and an exact street (``linkage.NAME_STREET_BLOCK``). An SSN one typo off, a street
#: written differently, the suffix and the ZIP count.
FOUND_ELSEWHERE: Mapping[str, int] = MappingProxyType(
    {"dob": ALL, "mrn": ALL, "member_id": ALL, "phone": ALL, "email": ALL, "ssn": 1, "street": 1})
#: the block: the name key, and a DOB missing on one side (both known: ``linkage.BLOCKS``' name
#: and year blocks)
NAME_KEY_BLOCK = f'l."{NAME_KEY}" = r."{NAME_KEY}" AND (l."dob" IS NULL OR r."dob" IS NULL)'


def with_name_key(table: pa.Table, settings: Any, keep_above: float,
                  found_elsewhere: Mapping[str, int] = FOUND_ELSEWHERE) -> pa.Table:
    """``table`` with ``NAME_KEY``: the phonetic first and last name of each mention whose reach
    under the trained ``settings`` (Splink's settings object) attains ``keep_above``; null elsewhere."""
    counted = [(c, found_elsewhere.get(c.output_column_name, 0)) for c in settings.comparisons]
    counted = [(c, skip) for c, skip in counted if skip < len(c._comparison_levels_excluding_null)]
    used = {"first_ph", "last_ph", *(i.unquote().name for c, _ in counted
                                     for i in c._input_columns_used_by_case_statement)}
    frame = pl.from_arrow(table.select([c for c in table.column_names if c in used]))
    assert isinstance(frame, pl.DataFrame)
    reach = _reach(frame, float(settings._probability_two_random_records_match), counted)
    need = (-math.inf if keep_above <= 0 else math.inf if keep_above >= 1
            else math.log2(keep_above / (1 - keep_above)))
    named = pl.col("first_ph").is_not_null() & pl.col("last_ph").is_not_null() & (reach >= need)
    key = frame.select(pl.when(named).then(pl.concat_str("first_ph", pl.lit("\x1f"), "last_ph"))
                       .otherwise(None).alias(NAME_KEY)).to_series().to_arrow()
    return _keyed(table, key.cast(pa.string()))


def without_name_key(table: pa.Table) -> pa.Table:
    """``table`` with an all-null ``NAME_KEY`` (the table a model is trained on: no name pairs)."""
    return _keyed(table, pa.nulls(table.num_rows, pa.string()))


def _keyed(table: pa.Table, key: pa.Array) -> pa.Table:
    out = table.drop_columns([NAME_KEY]) if NAME_KEY in table.column_names else table
    return out.append_column(NAME_KEY, key)


def _reach(frame: pl.DataFrame, prior: float, counted: list[tuple[Any, int]]) -> pl.Expr:
    """Each row's reach: the prior's match weight and each counted comparison's best level weight
    for the row's values, its top ``skip`` levels left out (see the module docstring)."""
    total = pl.lit(math.log2(prior / (1 - prior)))
    for comparison, skip in counted:
        total = total + _best(frame, comparison, skip)
    return total


def _best(frame: pl.DataFrame, comparison: Any, skipped: int) -> pl.Expr:
    """The best weight one comparison can give a pair holding a row's values: 0 where the row has
    none of its columns (the null level), else the largest of 0 and each level's weight but the top
    ``skipped`` levels'."""
    columns = [c.unquote().name for c in comparison._input_columns_used_by_case_statement]
    present = pl.any_horizontal([pl.col(c).is_not_null() for c in columns if c in frame.columns])
    levels = comparison._comparison_levels_excluding_null
    best: pl.Expr = pl.lit(0.0)
    for level in levels[skipped:]:
        weight = _level_weight(frame, level, levels)
        best = pl.max_horizontal(best, weight)
    return pl.when(present).then(best).otherwise(0.0)


def _level_weight(frame: pl.DataFrame, level: Any, levels: list[Any]) -> pl.Expr:
    """A level's match weight, with the term-frequency adjustment of a row's own value where the
    level has one (``ComparisonLevel._tf_adjustment_sql``); unknown m or u count as unbounded."""
    if level._is_else_level:
        return pl.lit(-math.inf)
    weight = level._match_weight
    if weight is None:
        return pl.lit(math.inf)
    if not level._has_tf_adjustments or level._tf_adjustment_weight == 0:
        return pl.lit(float(weight))
    column = level._tf_adjustment_input_column.unquote().name
    u_exact = level._u_probability_corresponding_to_exact_match(levels)
    if not u_exact:
        return pl.lit(math.inf)
    values = pl.col(column)
    tf = values.count().over(values).cast(pl.Float64) / pl.lit(float(max(frame[column].count(), 1)))
    floor = float(level._tf_minimum_u_value)
    adjust = float(level._tf_adjustment_weight) * (math.log2(u_exact)
                                                   - pl.max_horizontal(tf, pl.lit(floor)).log(2))
    # an exact level needs the value: without it the level is out of reach
    return pl.when(values.is_not_null()).then(pl.lit(float(weight)) + adjust).otherwise(-math.inf)
