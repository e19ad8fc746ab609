"""Legacy Medicare Health Insurance Claim Number (HICN): SSN + beneficiary code."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.checksums import ssn_structure_valid
from phiscope.model import Candidate, Validation

#: Beneficiary Identification Codes: a class letter with an optional sub-code
#: (A wage earner; B spouse; C child; D widow(er); E mother; F parent; G/H/J/K
#: special and disabled categories; M Part B only; T uninsured; W disabled widow).
BIC = r"(?:A|[BDEGHTW][1-9A-Z]?|C[1-9A-Z]|F[1-8]|J[1-4]|K[1-9A-Z]|M1?)"
_FULL = re.compile(rf"(\d{{3}})-?(\d{{2}})-?(\d{{4}})-?({BIC})")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


def is_hicn(value: str) -> bool:
    """Whether a value has the HICN layout (9 digits + a listed BIC, dashes optional, any case)."""
    return _FULL.fullmatch(value.strip().upper()) is not None


class MedicareHICN(Detector):
    """HICN: 9 SSN digits (SSA rules) followed by a BIC (``123-45-6789A``).

    The SSN-dashed form with the code attached is distinctive; the bare and
    dash-separated forms need a Medicare/HICN label.
    """

    id = "medicare_hicn"
    description = "Medicare HICN (SSN + beneficiary identification code)"
    patterns = (
        Pattern("dashed", rf"\b\d{{3}}-\d{{2}}-\d{{4}}{BIC}\b", 0.6),
        Pattern("dashed-code", rf"\b\d{{3}}-\d{{2}}-\d{{4}}-{BIC}\b", 0.45),
        Pattern("bare", rf"\b\d{{9}}{BIC}\b", 0.45),
    )
    context: ClassVar[tuple[str, ...]] = (
        "medicare", "hicn", "hic", "hic#", "hic #", "hic no", "hic number", "health insurance claim",
        "claim number", "claim no", "claim #", "medicare id", "medicare number", "medicare #",
    )
    headers = (r"\bhicn?\b", r"\bmedicare\b", r"health insurance claim", r"\bclaim (no|#|num|number)(?!\w)")
    mask = MaskRule(keep_last=4)

    def normalize(self, value: str) -> str:
        """Upper case, separators removed."""
        return _NOT_ALNUM.sub("", value).upper()

    def validate(self, value: str) -> Validation:
        """SSN part by SSA rules (area 9xx: INDETERMINATE, test data); BIC by table."""
        m = _FULL.fullmatch(value.strip().upper())
        if m is None:
            return Validation.INVALID
        digits = m[1] + m[2] + m[3]
        if len(set(digits)) == 1:
            return Validation.INVALID
        if digits[0] == "9":  # never issued: synthetic/test data, kept only with context
            ok = digits[3:5] != "00" and digits[5:] != "0000"
            return Validation.INDETERMINATE if ok else Validation.INVALID
        return Validation.VALID if ssn_structure_valid(digits) else Validation.INVALID

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Bare forms and never-issued SSN areas need context."""
        if not has_context and (cand.pattern_name != "dashed" or validation is not Validation.VALID):
            return None
        return super().score(cand, has_context, validation)

    def check_cell(self, value: str) -> Validation | None:
        """A cell holding only a HICN (any case, dashes optional)."""
        if not is_hicn(value):
            return None
        return self.validate(value.strip().upper())
