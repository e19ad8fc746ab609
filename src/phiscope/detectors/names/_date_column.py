"""``parse_date`` as polars expressions, for the usual full-date forms of date columns.

Decided exactly (printable-ASCII values only): the numeric forms of
``_dates._numeric`` (ISO with optional time, ``yyyy/mm/dd``, ``yyyymmdd``,
``m/d/yyyy``, ``m-d-yy``, ``m.d.yyyy``...), ``02-Jan-1980`` and
``January 2, 1980``, and every value without a month name, which
``_textual`` cannot read. Other textual forms (ordinals, partial dates, month
names with dots) are left undecided for the per-value parser.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from phiscope.detectors.names._dates import MONTHS

_TIME = r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
#: the forms, one alternative each (they are disjoint): ``_YMD`` (1), ``_COMPACT`` (2) and
#: ``_NUMERIC`` (3) of ``_dates`` with their back-references as equality tests (``s``/``t``),
#: then ``02-Jan-1980`` (4) and ``January 2, 1980`` (5), which ``_textual`` reads as day,
#: month, year
_FORMS = (
    rf"^(?:(?<y1>[0-9]{{4}})(?<s1>[-/.])(?<m1>[0-9]{{1,2}})(?<t1>[-/.])(?<d1>[0-9]{{1,2}}){_TIME}"
    r"|(?<y2>[0-9]{4})(?<m2>[0-9]{2})(?<d2>[0-9]{2})"
    r"|(?<a3>[0-9]{1,2})(?<s3>[/.-])(?<b3>[0-9]{1,2})(?<t3>[/.-])(?<y3>[0-9]{4}|[0-9]{2})"
    r"|(?<d4>[0-9]{1,2})-(?<w4>[A-Za-z]+)-(?<y4>[0-9]{4}|[0-9]{2})"
    r"|(?<w5>[A-Za-z]+) (?<d5>[0-9]{1,2}), (?<y5>[0-9]{4}|[0-9]{2}))$"
)
#: every key of MONTHS contains one of these
_MONTH_STEMS = "(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"


def stripped() -> pl.Expr:
    """``value.strip().rstrip(".,")`` (printable ASCII: NFKC is the identity there)."""
    return pl.col("v").str.strip_chars(" ").str.strip_chars_end(".,")


def _int(e: pl.Expr) -> pl.Expr:
    return e.cast(pl.Int32, strict=False)


def _year(ytxt: pl.Expr, past_only: bool, today: dt.date) -> pl.Expr:
    """Four-digit year; two digits expanded as ``expand_year`` does."""
    yy = _int(ytxt)
    limit = today.year if past_only else today.year + 10
    two = pl.when(yy + 2000 > limit).then(yy + 1900).otherwise(yy + 2000)
    return pl.when(ytxt.str.len_chars() == 4).then(yy).otherwise(two)


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return (pl.when(month == 2).then(pl.when(leap).then(29).otherwise(28))
            .when(month.is_in([4, 6, 9, 11])).then(30).otherwise(31))


def with_date_parts(frame: pl.LazyFrame, past_only: bool, today: dt.date) -> pl.LazyFrame:
    """Add ``year``/``month``/``day`` (``parse_date(v, past_only)``, nulls where it gives no
    full date) and ``decided`` (false where only the Python parser can tell) to ``frame``."""
    frame = frame.with_columns(stripped().str.extract_groups(_FORMS).alias("f"),
                               (~stripped().str.contains(_MONTH_STEMS)).alias("nomonth"))

    def g(name: str) -> pl.Expr:
        return pl.col("f").struct.field(name)

    a, b = _int(g("a3")), _int(g("b3"))
    swap = (a > 12) & (b <= 12)  # cannot be month-first: read day-first
    word = pl.coalesce(g("w4"), g("w5")).str.to_lowercase()
    frame = frame.with_columns(
        pl.coalesce(_int(g("y1")), _int(g("y2")),
                    _year(pl.coalesce(g("y3"), g("y4"), g("y5")), past_only, today)).alias("year"),
        pl.coalesce(_int(g("m1")), _int(g("m2")), pl.when(swap).then(b).otherwise(a),
                    word.replace_strict(list(MONTHS), list(MONTHS.values()), default=None,
                                        return_dtype=pl.Int32)).alias("month"),
        pl.coalesce(_int(g("d1")), _int(g("d2")), pl.when(swap).then(a).otherwise(b),
                    _int(pl.coalesce(g("d4"), g("d5")))).alias("day"),
        pl.coalesce(g("s1") == g("t1"), g("s3") == g("t3"), pl.lit(True)).alias("same_seps"),
        pl.any_horizontal(g(f"y{i}").is_not_null() for i in range(1, 6)).alias("read"),
    )
    year, month, day = pl.col("year"), pl.col("month"), pl.col("day")
    real = (pl.col("same_seps") & month.is_between(1, 12) & year.is_between(1900, 2100)
            & day.is_between(1, _days_in_month(year, month)))
    keep = pl.col("read") & real.fill_null(False)
    return frame.with_columns(
        pl.when(keep).then(year).alias("year"), pl.when(keep).then(month).alias("month"),
        pl.when(keep).then(day).alias("day"),
        (pl.col("v").str.contains(r"^[ -~]*$") & (pl.col("read") | pl.col("nomonth"))).alias("decided"),
    )


def iso(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """``yyyy-mm-dd`` (null where any part is null)."""
    def pad(e: pl.Expr, n: int) -> pl.Expr:
        return e.cast(pl.String).str.zfill(n)

    return pl.concat_str(pad(year, 4), pl.lit("-"), pad(month, 2), pl.lit("-"), pad(day, 2))
