"""IRS Individual Taxpayer Identification Number (ITIN)."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.model import Candidate, Validation

_DIGITS = re.compile(r"\D")
_CELL = re.compile(r"9\d{2}([- .]?)\d{2}\1\d{4}")


def itin_group_valid(group: int) -> bool:
    """IRS-assigned ITIN middle-digit ranges: 50-65, 70-88, 90-92, 94-99."""
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99


class ITIN(Detector):
    """ITIN: 9xx-xx-xxxx with the middle group in an IRS range.

    Shares the SSN layout; a valid ITIN scores above the ``ssn`` detector's
    never-issued 9xx area, so one span is reported once, as an ITIN. Spaced and
    bare forms need a taxpayer-ID label.
    """

    id = "itin"
    description = "IRS Individual Taxpayer Identification Number (9xx, IRS group ranges)"
    patterns = (
        Pattern("dashed", r"\b9\d{2}-\d{2}-\d{4}\b", 0.6),
        Pattern("spaced", r"\b9\d{2} \d{2} \d{4}\b", 0.35),
        Pattern("bare", r"\b9\d{8}\b", 0.25),
    )
    context: ClassVar[tuple[str, ...]] = (
        "itin", "itin#", "itin #", "individual taxpayer", "taxpayer id", "taxpayer identification",
        "taxpayer", "tax id", "tin",
    )
    headers = (r"\bitin\b", r"\btaxpayer (id|identification|#|no|number)(?!\w)", r"\btax ?id\b", r"^tin$")
    mask = MaskRule(keep_last=4)

    def normalize(self, value: str) -> str:
        """Digits only."""
        return _DIGITS.sub("", value)

    def validate(self, value: str) -> Validation:
        """VALID for area 9xx with an IRS group and a non-zero serial."""
        d = self.normalize(value)
        if len(d) != 9 or d[0] != "9" or len(set(d)) == 1 or d[5:] == "0000":
            return Validation.INVALID
        return Validation.VALID if itin_group_valid(int(d[3:5])) else Validation.INVALID

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Spaced and bare forms need context."""
        if cand.pattern_name != "dashed" and not has_context:
            return None
        return super().score(cand, has_context, validation)

    def check_cell(self, value: str) -> Validation | None:
        """A cell holding only 9xx-xx-xxxx (dashed, spaced, dotted or bare)."""
        v = value.strip()
        if _CELL.fullmatch(v) is None:
            return None
        return self.validate(v)
