"""Medical record number, found by its label ("MRN", "MR#", "Medical Record No", "Chart #")."""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Pattern
from phiscope.detectors.identifiers._labelled import (
    ID_VALUE,
    NUMBER_WORD,
    UUID_VALUE,
    LabelledIdDetector,
    alnum,
    alnum_expr,
    cell_token_expr,
    field_pattern,
    id_shape_expr,
    labelled_pattern,
)
from phiscope.model import Validation

# Account numbers ("Acct#") identify a billing account, not a record: not labels here.
# "med rec" alone usually means medication reconciliation: only with a number word.
_LABELS = "|".join((
    r"mrn\b" + NUMBER_WORD,
    r"mr[ \t]?#",
    r"mr[ \t](?:no\b\.?|number\b)",
    r"med(?:ical)?\.?[ \t]?rec(?:ord)?\.?[ \t]?(?:#|no\b\.?|num\b\.?|number\b|id\b)",
    r"(?:patient|pt\.?)[ \t]?id(?:entifier)?\b" + NUMBER_WORD,
    r"chart[ \t]?(?:#|no\b\.?|num\b\.?|number\b|id\b)",
    # Spanish: número de historia clínica
    r"nhc\b",
    # (accented letters as alternatives: the multi-pattern engine reads bytes)
    r"n(?:º|°|o)?\.?[ \t]?(?:de[ \t])?historia(?:[ \t]cl(?:i|í)nica)?\b",
    r"historia[ \t]cl(?:i|í)nica\b",
    r"cipa\b",
))
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_UUID_CELL = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class MedicalRecordNumber(LabelledIdDetector):
    """MRN: facility formats vary, so a 4-15 character id with at least 4 digits
    right after an MRN label (or under an MRN column header / field key).

    Also accepted: an upper-case ``MRN`` glued to digits, as a whole token
    (``MRN00123456``, a facility's prefixed style) or inside a longer one
    (``chartMRN04857211``, concatenated exports: only the digits), and UUID
    record ids (FHIR/EHR exports such as Synthea use them as MRNs). The
    normalized form drops an ``MRN`` prefix so both spellings match.
    """

    id = "mrn"
    description = "Medical record number (labelled; 4-15 letters/digits, at least 4 digits)"
    patterns = (
        labelled_pattern(_LABELS, value=f"{UUID_VALUE}|{ID_VALUE}"),
        Pattern("labelled-token", r"\b(?P<v>MRN\d{4,15})\b", 0.6),
        Pattern("labelled-embedded", r"MRN#?(?P<v>\d{4,15})\b", 0.6),
        field_pattern(value=f"{UUID_VALUE}|{ID_VALUE}"),
    )
    context: ClassVar[tuple[str, ...]] = (
        "mrn", "mr#", "med rec", "medical record", "medical record number", "patient id", "chart #",
    )
    headers = (r"\bmrn\b", r"\bmr ?(#|no|num|number)(?!\w)", r"\bmed(ical)? rec(ord)?\b",
               r"\b(patient|pt) (id|identifier)\b", r"^chart\b", r"\bchart (#|no|num|number|id)(?!\w)")

    def normalize(self, value: str) -> str:
        """Upper-case letters and digits; a leading ``MRN`` before digits is a label, dropped."""
        core = alnum(value)
        return core[3:] if core.startswith("MRN") and core[3:].isdigit() else core

    def validate(self, value: str) -> Validation:
        """4-15 letters/digits with at least 4 digits (not a date, not one repeated
        character), or a UUID."""
        if _UUID.fullmatch(value.strip()):
            return Validation.INDETERMINATE
        return super().validate(value)

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars, others per value."""
        v = pl.col("v").str.strip_chars(" ")
        shape = id_shape_expr(v, self.min_len, self.max_len, self.min_digits)
        result = (pl.when(~cell_token_expr(v)).then(None)
                  .when(v.str.contains(_UUID_CELL)).then(pl.lit(cols.INDETERMINATE)).otherwise(shape))
        return cols.run(values, result, cols.printable(), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (exact for every string, no fallback needed)."""
        core = alnum_expr()
        norm = pl.when(core.str.contains("^MRN[0-9]+$")).then(core.str.slice(3)).otherwise(core)
        return cols.run(values, norm, pl.lit(True), self.normalize)
