"""Medicare Beneficiary Identifier (MBI), the CMS format in use since 2018."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.checksums import mbi_valid
from phiscope.detectors.identifiers.medicare_hicn import is_hicn
from phiscope.model import Validation

_L = "[AC-HJKMNP-RT-Y]"  # letters other than S, L, O, I, B, Z
_A = "[AC-HJKMNP-RT-Y0-9]"
_PART1 = f"[1-9]{_L}{_A}[0-9]"
_PART2 = f"{_L}{_A}[0-9]"
_PART3 = f"{_L}{_L}[0-9]{{2}}"
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


class MedicareMBI(Detector):
    """MBI: 11 characters in a fixed letter/digit layout (``1EG4-TE5-MK73``).

    The layout is strict enough to stand without context; a Medicare label
    raises confidence. Lower-case forms are accepted in table cells only.
    """

    id = "medicare_mbi"
    description = "Medicare Beneficiary Identifier (CMS 11-character format)"
    patterns = (
        Pattern("plain", rf"\b{_PART1}{_PART2}{_PART3}\b", 0.55),
        Pattern("dashed", rf"\b{_PART1}-{_PART2}-{_PART3}\b", 0.6),
    )
    context: ClassVar[tuple[str, ...]] = (
        "mbi", "medicare", "medicare id", "medicare number", "medicare beneficiary", "beneficiary id",
        "medicare #", "hicn", "cms",
    )
    headers = (r"\bmbi\b", r"\bmedicare (beneficiary )?(id|#|no|num|number|identifier)(?!\w)",
               r"\bmedicare\b", r"\bbeneficiary (id|identifier)\b")
    mask = MaskRule(keep_last=4)

    def normalize(self, value: str) -> str:
        """Upper-case, dashes removed."""
        return _NOT_ALNUM.sub("", value).upper()

    def validate(self, value: str) -> Validation:
        """VALID when the CMS layout rules hold."""
        return Validation.VALID if mbi_valid(value.strip()) else Validation.INVALID

    def check_cell(self, value: str) -> Validation | None:
        """MBI layout of an 11-character cell (dashes optional, any case).

        A legacy HICN (SSN digits + beneficiary code, 11 characters with a
        two-character code) is not a malformed MBI but another element: None,
        so that in a "Medicare ID" column of both (claims from the 2018-2019
        transition and later) the cell is rescanned and ``medicare_hicn`` reports it.
        """
        v = value.strip()
        if len(_NOT_ALNUM.sub("", v)) != 11:
            return None
        result = self.validate(v)
        if result is Validation.INVALID and is_hicn(v):
            return None
        return result
