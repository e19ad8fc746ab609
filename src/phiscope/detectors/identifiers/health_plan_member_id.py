"""Health plan member / subscriber / policy number, found by its label."""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Pattern
from phiscope.detectors.identifiers._labelled import (
    NUMBER_WORD,
    SEP,
    LabelledIdDetector,
    alnum_expr,
    cell_token_expr,
    field_pattern,
    id_shape_expr,
    labelled_pattern,
)

_ID_WORD = r"[ \t]?(?:id\b|#|no\b\.?|nbr\b\.?|num\b\.?|number\b)" + NUMBER_WORD
_LABELS = "|".join((
    r"(?:member|mbr\.?)" + _ID_WORD,
    r"subscriber" + _ID_WORD,
    r"policy" + _ID_WORD,
    r"(?:insurance|ins\.?)" + _ID_WORD,
    r"health[ \t]plan(?:[ \t]member)?" + _ID_WORD,
    r"group[ \t]?/[ \t]?member" + _ID_WORD,
))


#: "NASS", "Nº de afiliación" (accented letters as alternatives: the multi-pattern engine reads bytes)
_NASS = r"(?:NASS|nass|N(?:º|°)?[ \t]?(?:de[ \t])?[Aa]filiaci(?:o|ó)n)"

#: two province digits, the number, two control digits, grouped or not
_NASS_VALUE = r"\d{2}[ /-]?\d{5,10}(?:[ /-]?\d{2})?|\d{7,12}"


class HealthPlanMemberId(LabelledIdDetector):
    """Member, subscriber, policy or insurance ID: 6-20 letters/digits (at least 4
    digits) after such a label or under such a column header."""

    id = "health_plan_member_id"
    description = "Health plan member/subscriber/policy ID (labelled; 6-20 letters/digits)"
    patterns = (labelled_pattern(_LABELS), field_pattern(),
                # Spanish records: the social-security affiliation number, "NASS: 26 63514095"
                Pattern("labelled-nass", rf"\b{_NASS}{SEP}(?P<v>{_NASS_VALUE})\b", 0.6))
    context: ClassVar[tuple[str, ...]] = (
        "member id", "subscriber id", "policy #", "policy number", "insurance id",
    )
    headers = (r"\b(member|mbr) (id|#|no|num|number)(?!\w)", r"^member$",
               r"\bsubscriber( (id|#|no|num|number))?$", r"\bsubscriber (id|#|no|num|number)(?!\w)",
               r"\bpolicy (id|#|no|num|number)(?!\w)", r"^policy$",
               r"\b(insurance|ins) (id|#|no|num|number)(?!\w)",
               r"\bhealth plan (member )?(id|#|no|num|number)(?!\w)",
               r"^(member|mbr|subscriber|policy|insurance|ins)(id|no|num|number)$")  # MEMBERID
    min_len = 6
    max_len = 20

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars, others per value."""
        v = pl.col("v").str.strip_chars(" ")
        shape = id_shape_expr(v, self.min_len, self.max_len, self.min_digits)
        result = pl.when(cell_token_expr(v)).then(shape)
        return cols.run(values, result, cols.printable(), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (exact for every string, no fallback needed)."""
        return cols.run(values, alnum_expr(), pl.lit(True), self.normalize)
