"""IRS Individual Taxpayer Identification Number (ITIN)."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.model import Candidate, Validation

_DIGITS = re.compile(r"\D")
_CELL = re.compile(r"9\d{2}([- .]?)\d{2}\1\d{4}")
#: IRS-assigned middle-digit ranges, as two-digit strings (for polars ``is_in``)
ITIN_GROUPS: tuple[str, ...] = tuple(
    f"{g:02d}" for g in (*range(50, 66), *range(70, 89), 90, 91, 92, *range(94, 100))
)


def itin_group_valid(group: int) -> bool:
    """IRS-assigned ITIN middle-digit ranges: 50-65, 70-88, 90-92, 94-99."""
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99


def is_itin_digits(digits: str) -> bool:
    """Whether 9 ASCII digits have the ITIN layout (9xx, IRS group, serial not 0000).

    Shared with the ``ssn`` detector and filter so that a value is reported by
    exactly one of the two, whatever its label says.
    """
    return (len(digits) == 9 and digits.isascii() and digits.isdigit() and digits[0] == "9"
            and len(set(digits)) > 1 and digits[5:] != "0000" and digits[3:5] in ITIN_GROUPS)


class ITIN(Detector):
    """ITIN: 9xx-xx-xxxx with the middle group in an IRS range.

    Shares the SSN layout. The IRS issues 9xx numbers with these groups only as
    ITINs (SSA never issues area 9xx), and employers, payers and EHRs routinely
    store an ITIN in their "SSN" field for people without one, so the ITIN
    layout decides the element: an SSN label or column counts as context here,
    and the ``ssn`` detector leaves such values to this one. Spaced, dotted and
    bare forms need a taxpayer-ID or SSN label.
    """

    id = "itin"
    description = "IRS Individual Taxpayer Identification Number (9xx, IRS group ranges)"
    patterns = (
        Pattern("dashed", r"\b9\d{2}-\d{2}-\d{4}\b", 0.6),
        Pattern("spaced", r"\b9\d{2} \d{2} \d{4}\b", 0.35),
        Pattern("dotted", r"\b9\d{2}\.\d{2}\.\d{4}\b", 0.3),
        Pattern("bare", r"\b9\d{8}\b", 0.25),
    )
    context: ClassVar[tuple[str, ...]] = (
        "itin", "itin#", "itin #", "individual taxpayer", "taxpayer id", "taxpayer identification",
        "taxpayer", "tax id", "tin",
        # the field an ITIN is usually written in
        "ssn", "ssn#", "ss#", "ss #", "social security", "soc sec", "soc sec #", "social sec", "ss no",
    )
    headers = (r"\bitin\b", r"\btaxpayer (id|identification|#|no|number)(?!\w)", r"\btax ?id\b", r"^tin$",
               # SSN columns hold ITINs for people without an SSN
               r"\bssn\b", r"\bss ?#", r"soc(ial)? ?sec", r"\bss no\b", r"\bss num", r"social security")
    mask = MaskRule(keep_last=4)

    def normalize(self, value: str) -> str:
        """Digits only."""
        return _DIGITS.sub("", value)

    def validate(self, value: str) -> Validation:
        """VALID for area 9xx with an IRS group and a non-zero serial."""
        return Validation.VALID if is_itin_digits(self.normalize(value)) else Validation.INVALID

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Spaced, dotted and bare forms need context."""
        if cand.pattern_name != "dashed" and not has_context:
            return None
        return super().score(cand, has_context, validation)

    def check_cell(self, value: str) -> Validation | None:
        """A cell holding only 9xx-xx-xxxx (dashed, spaced, dotted or bare).

        A 9xx value whose group the IRS does not assign to ITINs is not an ITIN
        at all (None): in an SSN column it is a test-range SSN, left to ``ssn``.
        """
        v = value.strip()
        if _CELL.fullmatch(v) is None:
            return None
        d = self.normalize(v)
        if d[3:5] not in ITIN_GROUPS:
            return None
        return self.validate(v)
