"""DEA registration number (controlled-substance prescribers)."""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.checksums import dea_valid
from phiscope.model import Candidate, Validation


class DEANumber(Detector):
    """DEA number: registrant-type letter, surname initial (or 9), 7 digits with a
    check digit. A valid check digit is distinctive enough without a label,
    except with ``9`` as second character: that shape is also a letter plus 8
    digits (US passports, some state licenses), so it needs a DEA label."""

    id = "dea"
    description = "DEA registration number (2 letters + 7 digits, check digit)"
    patterns = (Pattern("dea", r"\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b", 0.4),)
    context: ClassVar[tuple[str, ...]] = (
        "dea", "dea#", "dea #", "dea no", "dea number", "dea registration", "drug enforcement",
    )
    headers = (r"\bdea\b",)
    mask = MaskRule(keep_first=2, keep_last=2)

    def normalize(self, value: str) -> str:
        """Upper case."""
        return value.strip().upper()

    def validate(self, value: str) -> Validation:
        """VALID with a correct check digit; INVALID otherwise or for one repeated
        digit (``AB0000000`` passes the check but is a placeholder)."""
        v = value.strip()
        if len(set(v[2:])) == 1:
            return Validation.INVALID
        return Validation.VALID if dea_valid(v) else Validation.INVALID

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Letter + 9 + 7 digits needs context (see class docstring)."""
        if cand.value[1:2] == "9" and not has_context:
            return None
        return super().score(cand, has_context, validation)

    def check_cell(self, value: str) -> Validation | None:
        """A 9-character cell of 2 letters and 7 digits, checked (any case)."""
        v = value.strip()
        if len(v) != 9 or not v.isascii() or not v[0].isalpha() or not v[2:].isdigit():
            return None
        return self.validate(v)
