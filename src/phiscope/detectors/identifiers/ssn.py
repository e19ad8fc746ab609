"""US Social Security Number."""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.identifiers.itin import ITIN_GROUPS, is_itin_digits
from phiscope.model import Candidate, Validation

_DIGITS = re.compile(r"\D")
#: the cell forms of ``patterns`` (dashed, spaced, dotted, bare), ASCII digits
_CELL_SHAPE = (r"^(?:[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{3}\.[0-9]{2}\.[0-9]{4}"
               r"|[0-9]{9})$")
_NEVER_ISSUED = ("123456789", "987654321", "078051120", "219099999")


class SSN(Detector):
    """SSN: dashed, spaced or bare 9 digits; SSA issuance rules validated.

    Area 900-999 is never issued but is common in test data (Synthea uses
    999-xx-xxxx): accepted only with strong context and flagged ``test-range``,
    and scored at most ``AREA_9XX_MAX``. A 9xx value in the IRS ITIN layout is
    an ITIN even under an SSN label: it is left to the ``itin`` detector (filter
    ``identifiers_ssn_itin_range`` in text; ``check_cell`` None in SSN columns,
    so the cell is rescanned with its header as context).
    """

    AREA_9XX_MAX: ClassVar[float] = 0.7

    id = "ssn"
    description = "US Social Security Number (SSA area/group/serial rules)"
    patterns = (
        Pattern("dashed", r"\b\d{3}-\d{2}-\d{4}\b", 0.6),
        Pattern("spaced", r"\b\d{3} \d{2} \d{4}\b", 0.35),
        Pattern("dotted", r"\b\d{3}\.\d{2}\.\d{4}\b", 0.3),
        Pattern("bare", r"\b\d{9}\b", 0.1),
    )
    context: ClassVar[tuple[str, ...]] = (
        "ssn", "ssn#", "ss#", "ss #", "social security", "social security number",
        "social security no", "soc sec", "soc sec #", "social sec", "ssa", "ss no", "ssn no",
        "tax id", "taxpayer", "tin",
    )
    headers = (r"\bssn\b", r"\bss ?#", r"soc(ial)? ?sec", r"\bss no\b", r"\bss num",
               r"social security")
    # a header-less column of 9-digit numbers is as likely catalogue or claim
    # numbers: such columns are scanned as text, where dashed SSNs need no label
    value_classify_ratio = None
    mask = MaskRule(keep_last=4)

    def normalize(self, value: str) -> str:
        """Digits only."""
        return _DIGITS.sub("", value)

    def validate(self, value: str) -> Validation:
        """SSA rules: area not 000/666, group not 00, serial not 0000.

        Area 900-999 is reported INDETERMINATE (never issued; test data).
        """
        d = self.normalize(value)
        if len(d) != 9 or len(set(d)) == 1:
            return Validation.INVALID
        area, group, serial = d[:3], d[3:5], d[5:]
        if area in ("000", "666") or group == "00" or serial == "0000":
            return Validation.INVALID
        if d in _NEVER_ISSUED:
            return Validation.INVALID
        if area >= "900":
            return Validation.INDETERMINATE
        return Validation.VALID

    def check_cell(self, value: str) -> Validation | None:
        """An SSN-shaped cell; None for an ITIN (reported by ``itin``)."""
        result = super().check_cell(value)
        if result is Validation.INDETERMINATE and is_itin_digits(self.normalize(value)):
            return None
        return result

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Mark never-issued 9xx areas as test-range values."""
        return ("test-range",) if self.normalize(value)[:1] == "9" else ()

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars, others per value."""
        s = pl.col("v").str.strip_chars(" ")
        d = s.str.replace_all("[^0-9]", "")
        area, group, serial = d.str.slice(0, 3), d.str.slice(3, 2), d.str.slice(5, 4)
        invalid = (d.str.contains(r"^(?:0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)$") | area.is_in(["000", "666"])
                   | (group == "00") | (serial == "0000") | d.is_in(_NEVER_ISSUED))
        result = (pl.when(~s.str.contains(_CELL_SHAPE)).then(None)
                  .when(invalid).then(pl.lit(cols.INVALID))
                  .when(area.str.starts_with("9") & group.is_in(ITIN_GROUPS)).then(None)
                  .when(area >= "900").then(pl.lit(cols.INDETERMINATE))
                  .otherwise(pl.lit(cols.VALID)))
        return cols.run(values, result, cols.printable(), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (digits only)."""
        return cols.run(values, pl.col("v").str.replace_all("[^0-9]", ""), cols.printable(), self.normalize)

    def flags_column(self, values: pl.Series) -> pl.Series:
        """``flags`` over a column, comma-joined (null when none)."""
        test_range = pl.col("v").str.replace_all("[^0-9]", "").str.starts_with("9")
        return cols.run(values, pl.when(test_range).then(pl.lit("test-range")), cols.printable(),
                        cols.flags_fallback(self.flags, self.validate))

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Area 9xx and bare/spaced forms need context."""
        if validation is Validation.INDETERMINATE and not has_context:
            return None
        if cand.pattern_name in ("bare", "spaced", "dotted") and not has_context:
            return None
        conf = super().score(cand, has_context, validation)
        if conf is not None and validation is Validation.INDETERMINATE:
            return min(conf, self.AREA_9XX_MAX)
        return conf
