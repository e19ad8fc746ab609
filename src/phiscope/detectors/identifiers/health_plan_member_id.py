"""Health plan member / subscriber / policy number, found by its label."""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.identifiers._labelled import (
    NUMBER_WORD,
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


class HealthPlanMemberId(LabelledIdDetector):
    """Member, subscriber, policy or insurance ID: 6-20 letters/digits (at least 4
    digits) after such a label or under such a column header."""

    id = "health_plan_member_id"
    description = "Health plan member/subscriber/policy ID (labelled; 6-20 letters/digits)"
    patterns = (labelled_pattern(_LABELS), field_pattern())
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
