"""Date of birth: a full date with a birth label or column header.

The same date forms as ``date`` fire here, but only with birth context close
before the date (or a birth header / field key); the score is then always
above the best ``date`` score, so the overlap resolver keeps ``dob``. The
filter ``names_dob_gap`` drops a date when another date or another kind of
date label sits between the birth word and it ("DOB 1/2/50, admitted 3/4/20").
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.names._date_column import iso, with_date_parts
from phiscope.detectors.names._dates import FULL_DATES, ParsedDate, parse_date
from phiscope.model import Validation

MAX_AGE_YEARS = 120

#: birth words, shared with the names_dob_gap filter
BIRTH_WORDS: tuple[str, ...] = (
    "dob", "d.o.b", "d.o.b.", "d/o/b", "date of birth", "birth date", "birthdate", "birth dt",
    "birthday", "bday", "b-day", "born", "bdate", "fecha de nacimiento",
)


class DateOfBirth(Detector):
    """Full date of birth, validated as a real past date at most ~120 years ago."""

    id = "dob"
    description = "Date of birth (a date with a birth label, field key or column header)"
    patterns = tuple(Pattern(name, rx, 0.45, caseless) for name, (rx, caseless) in FULL_DATES.items())
    context: ClassVar[tuple[str, ...]] = BIRTH_WORDS
    context_before = 40
    context_after = 0  # "admit 3/4/20 DOB 1/2/50": the DOB after a date is not its label
    requires_context = True
    headers = (r"\bdob\b", r"birth", r"\bbdate\b", r"\bbday\b", r"\bd o b\b", r"\bbirthdt\b")
    value_classify_ratio = None  # a column of dates is not a column of birth dates by its values
    mask = MaskRule(keep_first=0, keep_last=0)

    @staticmethod
    def parse(value: str) -> ParsedDate | None:
        """The date, two-digit years resolved into the past."""
        return parse_date(value, past_only=True)

    def validate(self, value: str) -> Validation:
        """VALID for a real date in the past and not more than 120 years ago."""
        parsed = self.parse(value)
        day = parsed.as_date() if parsed is not None else None
        if day is None:
            return Validation.INVALID
        today = dt.date.today()
        if day > today or today.year - day.year > MAX_AGE_YEARS:
            return Validation.INVALID
        return Validation.VALID

    def normalize(self, value: str) -> str:
        """ISO ``yyyy-mm-dd``."""
        parsed = self.parse(value)
        return parsed.iso() if parsed is not None else " ".join(value.split())

    def check_cell(self, value: str) -> Validation | None:
        """Any full date form (ISO datetimes included); INVALID for impossible birth dates."""
        v = value.strip()
        if not v or len(v) > 40:
            return None
        parsed = self.parse(v)
        if parsed is None or not parsed.full:
            return None
        return self.validate(v)

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: the usual date forms in polars, others per value."""
        today = dt.date.today()
        year, month, day = pl.col("year"), pl.col("month"), pl.col("day")
        v = pl.col("v").str.strip_chars(" ")
        future = (year * 10000 + month * 100 + day) > today.year * 10000 + today.month * 100 + today.day
        result = (pl.when((v == "") | (v.str.len_chars() > 40) | year.is_null()).then(None)
                  .when(future | (today.year - year > MAX_AGE_YEARS)).then(pl.lit(cols.INVALID))
                  .otherwise(pl.lit(cols.VALID)))
        return cols.run_staged(
            values, lambda f: with_date_parts(f, past_only=True, today=today).with_columns(
                result.alias("result")), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column: ISO dates in polars where the form allows."""
        norm = pl.coalesce(iso(pl.col("year"), pl.col("month"), pl.col("day")), cols.squash(pl.col("v")))
        return cols.run_staged(
            values, lambda f: with_date_parts(f, past_only=True, today=dt.date.today()).with_columns(
                norm.alias("result")), self.normalize)
