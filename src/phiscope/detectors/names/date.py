"""Dates related to an individual (service, admission, discharge, death...).

All elements of dates except the year are identifiers under HIPAA Safe Harbor,
so month-day and month-year forms are reported too (at lower confidence), the numeric
ones ("admitted 7/22", "AMI 7/81") only where the words around them make them dates
(``filters/names_date_partial_numeric.py``: not "5/5 strength" or "CPAP 10/5").
A date of birth is the ``dob`` detector's: it scores higher on the same span.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.names._date_column import iso, with_date_parts
from phiscope.detectors.names._dates import FULL_DATES, PARTIAL_DATES, parse_date
from phiscope.model import Candidate, Validation

#: base confidence per date form; kept below what ``dob`` reaches with context
_BASE: dict[str, float] = {
    "mdy-slash": 0.6, "mdy-dash": 0.5, "mdy-dot": 0.5, "iso": 0.65, "ymd-slash": 0.6,
    "compact": 0.3, "dmy-text": 0.65, "mdy-text": 0.65,
    "md-text": 0.4, "ordinal-of": 0.45, "month-year": 0.4, "md-slash": 0.35, "my-slash": 0.35,
    "dmy-es": 0.65, "dm-es": 0.4, "month-year-es": 0.4, "dm-text": 0.4,
}
_NEEDS_CONTEXT = frozenset({"compact"})
_HEADER_GUARD = r"^(?!.*(?:birth|\bdob\b|\bbdate\b|\bbday\b|\bd o b\b))"


class Date(Detector):
    """Any calendar date with day and month (plus month-day / month-year forms)."""

    id = "date"
    description = "Calendar date (every common numeric and textual form), normalised to ISO 8601"
    patterns = tuple(
        Pattern(name, rx, _BASE[name], caseless) for name, (rx, caseless) in
        (*FULL_DATES.items(), *PARTIAL_DATES.items())
    )
    context: ClassVar[tuple[str, ...]] = (
        "date", "dated", "dos", "admit", "admitted", "admission", "discharge", "discharged", "visit",
        "seen", "service", "encounter", "appointment", "appt", "surgery", "collected", "reported",
        "signed", "deceased", "death", "died", "expired", "dod", "onset",
    )
    context_boost = 0.1
    headers = tuple(_HEADER_GUARD + h for h in (
        r".*\bdate\b", r".*\bdt\b", r".*\bdos\b", r".*\bdod\b", r".*\badmit", r".*\badmission\b",
        r".*\bdischarge", r".*\bdeath\b", r".*\bvisit\b", r".*\bservice date", r".*\bappt\b",
        r".*\bappointment\b",
    ))
    mask = MaskRule(keep_first=0, keep_last=0)

    def validate(self, value: str) -> Validation:
        """A real calendar date between 1900 and 2100 (partial dates: real month/day)."""
        return Validation.VALID if parse_date(value, month_slash=True) is not None else Validation.INVALID

    def normalize(self, value: str) -> str:
        """ISO 8601 (``yyyy-mm-dd``, ``yyyy-mm`` or ``--mm-dd``)."""
        parsed = parse_date(value, month_slash=True)
        return parsed.iso() if parsed is not None else " ".join(value.split())

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Compact ``yyyymmdd`` needs context; others are scored by form."""
        if cand.pattern_name in _NEEDS_CONTEXT and not has_context:
            return None
        return super().score(cand, has_context, validation)

    def check_cell(self, value: str) -> Validation | None:
        """Any supported form, ISO datetimes included; None for non-dates."""
        v = value.strip()
        if not v or len(v) > 40:
            return None
        return Validation.VALID if parse_date(v) is not None else None

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: the usual date forms in polars, others per value."""
        v = pl.col("v").str.strip_chars(" ")
        result = pl.when((v == "") | (v.str.len_chars() > 40) | pl.col("year").is_null()).then(None) \
            .otherwise(pl.lit(cols.VALID))
        return cols.run_staged(
            values, lambda f: with_date_parts(f, past_only=False, today=dt.date.today()).with_columns(
                result.alias("result")), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column: ISO dates in polars where the form allows."""
        norm = pl.coalesce(iso(pl.col("year"), pl.col("month"), pl.col("day")), cols.squash(pl.col("v")))
        return cols.run_staged(
            values, lambda f: with_date_parts(f, past_only=False, today=dt.date.today()).with_columns(
                norm.alias("result")), self.normalize)
