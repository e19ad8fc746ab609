"""Passport number (US layouts anywhere near "passport"; any layout right after the label)."""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.base import MaskRule, Pattern
from phiscope.detectors.identifiers._labelled import (
    NUMBER_WORD,
    LabelledIdDetector,
    field_pattern,
    labelled_pattern,
)


class Passport(LabelledIdDetector):
    """Passport: a US book/card number (9 digits, or a letter and 8 digits) with
    "passport" nearby, or any 6-12 character number (at least 5 digits) written
    right after a passport label (other countries' and test-data layouts)."""

    id = "passport"
    description = "Passport number (US layouts with context; others when labelled)"
    patterns = (
        Pattern("us", r"\b(?:[A-Z]\d{8}|\d{9})\b", 0.5),
        labelled_pattern(r"passport\b(?:[ \t]card\b)?" + NUMBER_WORD),
        field_pattern(),
    )
    context: ClassVar[tuple[str, ...]] = (
        "passport", "passport no", "passport number", "passport #", "passport id", "passport card",
    )
    headers = (r"\bpassport\b", r"^ppn$")
    mask = MaskRule(keep_last=3)
    min_len = 6
    max_len = 12
    min_digits = 5
