"""Medicaid recipient ID, found by its label (state formats vary)."""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.identifiers._labelled import (
    NUMBER_WORD,
    LabelledIdDetector,
    field_pattern,
    labelled_pattern,
)

_LABELS = "|".join((
    r"medicaid\b(?:[ \t](?:recipient|member|client|beneficiary)\b)?(?:[ \t]?(?:id\b|cin\b))?" + NUMBER_WORD,
    r"medi-?cal(?:[ \t](?:id\b|bic\b|#|no\b\.?|number\b))" + NUMBER_WORD,
))


class MedicaidId(LabelledIdDetector):
    """Medicaid ID: 8-14 letters/digits (at least 4 digits) after a Medicaid label."""

    id = "medicaid_id"
    description = "Medicaid recipient ID (labelled; 8-14 letters/digits, state-format agnostic)"
    # scores above health_plan_member_id so "Medicaid Member ID: ..." is reported as Medicaid
    patterns = (labelled_pattern(_LABELS, score=0.62), field_pattern(score=0.62))
    context: ClassVar[tuple[str, ...]] = ("medicaid", "medi-cal")
    headers = (r"\bmedicaid\b", r"\bmedi ?cal (id|#|no|number|bic)(?!\w)")
    min_len = 8
    max_len = 14
