"""Training the people model without labels: the prior from deterministic rules, bounded; EM
sessions on sampled blocks; partial-agreement levels kept from turning into evidence against a
match (``linkage`` trains through these)."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.engines import DIALECT

#: the prior's bounds: a case where the deterministic rules find no pair (a few people, nobody
#: repeated) estimates 0, which Splink cannot turn into a match weight
PRIOR_BOUNDS = (1e-6, 0.999)


def training_rule(table: pa.Table, cols: Sequence[str], max_pairs: int) -> Any:
    """The blocking rule of one EM session: pairs equal on ``cols``, or, when those are more than
    ``max_pairs``, a random 1/k of them (the left record's id hashed): EM's estimates are averages
    over pairs, and on a 100,000-patient case the DOB block alone held about 30 million pairs."""
    import polars as pl
    from splink import block_on
    from splink.blocking_rule_library import CustomRule

    frame = pl.from_arrow(table.select(list(cols)))
    assert isinstance(frame, pl.DataFrame)
    sizes = frame.drop_nulls().group_by(list(cols)).len()["len"].cast(pl.Float64)
    pairs = float((sizes * (sizes - 1) / 2).sum())
    if pairs <= max_pairs:
        return block_on(*cols)
    k = math.ceil(pairs / max_pairs)
    equal = " AND ".join(f"l.{c} = r.{c}" for c in cols)
    return CustomRule(f"{equal} AND hash(l.unique_id) % {k} = 0", sql_dialect=DIALECT)


def bound_prior(linker: Any) -> None:
    s = linker._settings_obj  # Splink keeps the estimate here (training.py sets it the same way)
    low, high = PRIOR_BOUNDS
    s._probability_two_random_records_match = min(max(s._probability_two_random_records_match, low), high)


#: least m of a partial-agreement level (see ``floor_partial_m``)
PARTIAL_M_FLOOR = 0.01


def floor_partial_m(linker: Any) -> None:
    """Keep EM from turning "the same value, written differently" into evidence against a match.

    Where nearly every true match of a case agrees exactly (exports of one EHR), EM drives the m of
    a partial level — a nickname, a Jaro-Winkler typo, a DOB a month off — to ~1e-13, a weight of
    -34: "Ed Munoz <emunoz@...>" in a help-desk ticket then never joins "Edward Munoz" with the
    same e-mail and surname. A partial level (between the first agreement level and the else
    level) that random pairs reach less often than ``PARTIAL_M_FLOOR`` keeps at least that m (so it
    counts for a match); broad levels ("DOB within 10 years") keep EM's estimate.
    """
    for comparison in linker._settings_obj.comparisons:
        levels = comparison._comparison_levels_excluding_null
        for level in levels[1:]:
            m, u = level.m_probability, level.u_probability
            if level._is_else_level or m is None or u is None or u >= PARTIAL_M_FLOOR:
                continue
            level.m_probability = max(float(m), PARTIAL_M_FLOOR)


def em(linker: Any, rule: Any) -> None:
    """One EM session; a case too small or too uniform for it keeps the stated m values."""
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    except Exception as e:
        logging.getLogger("phiscope.people").info("EM skipped (%s)", type(e).__name__)
