"""Vectorised column checks for the hot detectors.

A column override computes, with polars expressions (Rust regexes, casts,
comparisons), the result of ``check_cell`` / ``normalize`` for the value shapes
it can decide exactly, and calls the detector's own Python method once per
distinct value for the rest. The result is therefore always exactly what the
per-value methods return.

Fast paths only decide values made of printable ASCII (``[ -~]``): on those,
Python's ``str.strip``/``split``/``lower``/``casefold`` and ``\\d``/``\\w``/``\\s``
agree with the explicit ASCII classes the fast paths use. Values with tabs,
line breaks, NBSP, Unicode digits or letters go to the Python fallback.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from phiscope.model import Validation

#: a value the fast paths may decide: printable ASCII only (no tabs, no line breaks)
PRINTABLE = r"^[ -~]*$"
VALID = Validation.VALID.value
INVALID = Validation.INVALID.value
INDETERMINATE = Validation.INDETERMINATE.value


def strings(values: pl.Series) -> pl.Series:
    """The column as a String Series (an all-null column may come typed Null)."""
    return values if values.dtype == pl.String else values.cast(pl.String)


def printable(col: str = "v") -> pl.Expr:
    """Whether the value is printable ASCII (null for null values)."""
    return pl.col(col).str.contains(PRINTABLE)


def squash(expr: pl.Expr) -> pl.Expr:
    """``" ".join(value.split())`` for printable ASCII values (runs of spaces -> one, stripped)."""
    return expr.str.replace_all(" {2,}", " ").str.strip_chars(" ")


def as_text(result: Validation | None) -> str | None:
    """A ``check_cell`` result as the column's string value."""
    return None if result is None else result.value


def merge(values: pl.Series, fast: pl.Series, decided: pl.Series,
          slow: Callable[[str], str | None]) -> pl.Series:
    """``fast`` where ``decided``; elsewhere ``slow(value)``, computed once per distinct value.

    Null values stay null whatever ``decided`` says.
    """
    is_null = values.is_null()
    todo_mask = ~decided.fill_null(False) & ~is_null
    slow_values: pl.Series | pl.Expr = pl.lit(None, pl.String)
    if bool(todo_mask.any()):
        todo = values.filter(todo_mask).unique().to_list()
        slow_values = values.replace_strict(todo, [slow(t) for t in todo], default=None,
                                            return_dtype=pl.String)
    out = pl.select(pl.when(is_null).then(pl.lit(None, pl.String))
                    .when(todo_mask).then(slow_values).otherwise(fast))
    # one chunk: a filter of the caller by a multi-chunk mask can leave an empty string-view
    # chunk, on which polars (2.1) panics in later expressions ("assertion failed: i < self.len()")
    return out.to_series().rechunk().alias(values.name)


def flags_fallback(flags: Callable[[str, Validation], tuple[str, ...]],
                   validate: Callable[[str], Validation]) -> Callable[[str], str | None]:
    """``flags(value, validate(value))`` comma-joined (None when empty), as the engine stores them."""
    return lambda value: ",".join(flags(value, validate(value))) or None


def cell_fallback(check_cell: Callable[[str], Validation | None]) -> Callable[[str], str | None]:
    """``check_cell`` with its result as text, for ``merge``."""
    return lambda value: as_text(check_cell(value))


def run(values: pl.Series, result: pl.Expr, decided: pl.Expr,
        slow: Callable[[str], str | None]) -> pl.Series:
    """Evaluate ``result``/``decided`` (expressions over column ``v``) and fill the rest with ``slow``."""
    return run_staged(values, lambda f: f.select(result.alias("result"), decided.alias("decided")), slow)


def run_staged(values: pl.Series, build: Callable[[pl.LazyFrame], pl.LazyFrame],
               slow: Callable[[str], str | None]) -> pl.Series:
    """Like ``run``, with ``build`` turning a frame of column ``v`` into columns ``result``/``decided``
    (in stages, for expressions that reuse large sub-expressions)."""
    v = strings(values)
    # lazy: common sub-expressions (the stripped value, its digits) are computed once
    frame = build(pl.LazyFrame({"v": v})).collect()
    return merge(v, frame["result"].cast(pl.String), frame["decided"], slow).alias(values.name)
