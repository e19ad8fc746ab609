"""Shared machinery for identifiers that have no fixed format (MRN, member ID,
Medicaid ID, driver's license): they are found by the label written before them,
or by the column header / field key they sit under.

Each such detector has a ``labelled`` pattern (label, separator, value) and a
``field`` pattern that matches a whole text unit (a JSON value or form field
whose key is the label); the latter only counts when the unit's label matches
the detector's ``headers``.
"""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.model import Candidate, Validation

#: an identifier token: letters/digits with single inner dashes, up to 30
#: letters/digits (detectors check their own lengths; longer runs do not match)
ID_VALUE = r"[A-Z0-9](?:-?[A-Z0-9]){1,29}"
#: a UUID, used as a record id by FHIR/EHR exports
UUID_VALUE = r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"
#: between a label and its value: "MRN: ", "MR# ", "Policy No.=", "MRN):\n"
SEP = r"[ \t]{0,3}[:#=.)\-]{0,3}\s{0,3}"
#: "member ID is W123...": a verb between label and value
FILLER = r"(?:(?:is|was)[ \t]{1,3})?"
#: optional "number" word after a label noun ("Member ID No.", "Chart #")
NUMBER_WORD = r"(?:[ \t]?(?:#|no\b\.?|nbr\b\.?|num\b\.?|number\b))?"

_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")
_CELL = re.compile(r"[A-Za-z0-9](?:[- ]?[A-Za-z0-9]){1,35}")
_DATE_MDY = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{2}|\d{4})")
_DATE_YMD = re.compile(r"(\d{4})[-.](\d{1,2})[-.](\d{1,2})")
#: ``_CELL`` with ASCII classes (printable cells only)
_CELL_ASCII = r"^[A-Za-z0-9](?:[- ]?[A-Za-z0-9]){1,35}$"
_ONE_CHAR = "^(?:" + "|".join(f"{c}+" for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") + ")$"


def labelled_pattern(labels: str, value: str = ID_VALUE, score: float = 0.6, prefix: str = FILLER) -> Pattern:
    """A caseless ``label SEP [prefix] value`` pattern whose value is the named group.

    Each label alternative must end in a word boundary or a symbol so that the label is
    a whole word ("patient id" but not "patient identification").
    """
    return Pattern("labelled", rf"\b(?:{labels}){SEP}{prefix}(?P<v>{value})\b", score, caseless=True)


def field_pattern(value: str = ID_VALUE, score: float = 0.6) -> Pattern:
    """A pattern matching a whole text unit that is only an identifier."""
    return Pattern("field", rf"^\s*(?P<v>{value})\s*$", score, caseless=True)


def alnum(value: str) -> str:
    """Upper-cased letters and digits only."""
    return _NOT_ALNUM.sub("", value).upper()


def looks_like_date(value: str) -> bool:
    """A dashed/dotted calendar date (``01-02-2020``, ``2020.01.02``)."""
    m = _DATE_MDY.fullmatch(value)
    if m and 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 31:
        return True
    m = _DATE_YMD.fullmatch(value)
    return bool(m and 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= 31)


def id_shape(value: str, min_len: int, max_len: int, min_digits: int) -> Validation:
    """Whether a free-format identifier is plausible: length, digits, not a date,
    not one repeated character."""
    core = alnum(value)
    if not min_len <= len(core) <= max_len or sum(c.isdigit() for c in core) < min_digits:
        return Validation.INVALID
    if len(set(core)) == 1 or looks_like_date(value.strip()):
        return Validation.INVALID
    return Validation.INDETERMINATE


def alnum_expr(col: str = "v") -> pl.Expr:
    """``alnum`` as an expression (exact for any string: both keep only ASCII letters/digits)."""
    return pl.col(col).str.replace_all("[^A-Za-z0-9]", "").str.to_uppercase()


def _looks_like_date_expr(v: pl.Expr) -> pl.Expr:
    """``looks_like_date`` on a printable value."""
    mdy = v.str.extract_groups(r"^(?<a>[0-9]{1,2})[-.](?<b>[0-9]{1,2})[-.](?:[0-9]{2}|[0-9]{4})$")
    ymd = v.str.extract_groups(r"^[0-9]{4}[-.](?<m>[0-9]{1,2})[-.](?<d>[0-9]{1,2})$")

    def num(e: pl.Expr) -> pl.Expr:
        return e.cast(pl.Int32, strict=False)

    return ((num(mdy.struct.field("a")).is_between(1, 31) & num(mdy.struct.field("b")).is_between(1, 31))
            | (num(ymd.struct.field("m")).is_between(1, 12) & num(ymd.struct.field("d")).is_between(1, 31))
            ).fill_null(False)


def id_shape_expr(v: pl.Expr, min_len: int, max_len: int, min_digits: int) -> pl.Expr:
    """``id_shape`` (INVALID / INDETERMINATE) of a stripped printable value."""
    core = v.str.replace_all("[^A-Za-z0-9]", "").str.to_uppercase()
    invalid = (~core.str.len_chars().is_between(min_len, max_len)
               | (core.str.count_matches("[0-9]") < min_digits)
               | core.str.contains(_ONE_CHAR) | _looks_like_date_expr(v))
    return pl.when(invalid).then(pl.lit(cols.INVALID)).otherwise(pl.lit(cols.INDETERMINATE))


def cell_token_expr(v: pl.Expr) -> pl.Expr:
    """Whether a stripped printable cell is one identifier token with a digit (``check_cell``'s gate)."""
    return v.str.contains("[0-9]") & v.str.contains(_CELL_ASCII)


class LabelledIdDetector(Detector):
    """Base for identifiers found by label; subclasses set ``id``, patterns, headers."""

    requires_context = True
    value_classify_ratio = None  # any number would pass: classify columns by header only
    mask = MaskRule(keep_last=4)
    min_len: ClassVar[int] = 4
    max_len: ClassVar[int] = 15
    min_digits: ClassVar[int] = 4

    def normalize(self, value: str) -> str:
        """Upper-case letters and digits, separators removed."""
        return alnum(value)

    def validate(self, value: str) -> Validation:
        """Length and digit-count rules; dates and repeated characters are invalid."""
        return id_shape(value, self.min_len, self.max_len, self.min_digits)

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """The label inside a ``labelled*`` match is context by construction."""
        return super().score(cand, has_context or cand.pattern_name.startswith("labelled"), validation)

    def check_cell(self, value: str) -> Validation | None:
        """A cell holding only an identifier token; None for text without digits."""
        v = value.strip()
        if not any(c.isdigit() for c in v) or _CELL.fullmatch(v) is None:
            return None
        return self.validate(v)
