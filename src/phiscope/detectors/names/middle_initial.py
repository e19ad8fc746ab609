"""Middle initials in a column of their own ("PT_MI", "MI", "Middle Initial"; a "Middle Name" column
of single letters).

An EHR export often keeps the middle initial apart from the first and last name. Alone a letter
identifies nobody, but it is part of the row's name, and it tells namesakes apart: of two patients
named John Murphy, "JOHN K MURPHY" on a remittance is the one whose row says K (people resolution,
``people.sole``). A ``person_name`` column rejects a single letter (a "Patient" column of "Y"/"N" is
no name), so such columns are this detector's: a letter, with or without a period. Columns only: a
lone letter in prose is no name.
"""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import MaskRule, Pattern
from phiscope.detectors.names.person_name import PersonName
from phiscope.model import Validation

#: one letter of any script, an optional period, surrounding spaces
_INITIAL = re.compile(r"^\s*[^\W\d_]\.?\s*$")
_INITIAL_ASCII = r"^ *[A-Za-z]\.? *$"


class MiddleInitial(PersonName):
    """A middle-initial column's letters, reported as ``person_name`` (the row's name's middle part)."""

    id = "middle_initial"
    element = "person_name"
    description = "Middle initial in a column of its own (PT_MI, MI, Middle Initial): a letter, a period"
    patterns: ClassVar[tuple[Pattern, ...]] = ()
    headers: ClassVar[tuple[str, ...]] = (
        r"^(?:pt |patient |member |subscriber |insured |guarantor )?"
        r"(?:mi|m i|mid init|middle init|middle initial|middle name|middle|mname|mid name)$",
    )
    mask = MaskRule(keep_first=0, keep_last=0)

    def validate(self, value: str) -> Validation:
        """INDETERMINATE for one letter with an optional period, else INVALID."""
        return Validation.INDETERMINATE if _INITIAL.match(value) else Validation.INVALID

    def check_cell(self, value: str) -> Validation | None:
        """One letter (an optional period) in a middle-initial column; None for anything else (a full
        middle name is ``person_name``'s: that detector takes a "Middle Name" column of names)."""
        return Validation.INDETERMINATE if _INITIAL.match(value) else None

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars, others per value."""
        result = pl.when(pl.col("v").str.contains(_INITIAL_ASCII)).then(pl.lit(cols.INDETERMINATE))
        return cols.run(values, result, cols.printable(), cols.cell_fallback(self.check_cell))
