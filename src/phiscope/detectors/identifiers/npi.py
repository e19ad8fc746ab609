"""National Provider Identifier (NPI)."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.checksums import npi_valid
from phiscope.model import Validation

_DIGITS = re.compile(r"\D")


class NPI(Detector):
    """NPI: 10 digits starting with 1 or 2 with a Luhn check digit (prefix 80840).

    A bare 10-digit number is as likely a phone number, so an NPI label (in the
    text, the column header or the field key) is required.
    """

    id = "npi"
    description = "National Provider Identifier (10 digits, Luhn over 80840 prefix)"
    patterns = (Pattern("digits", r"\b[12]\d{9}\b", 0.5),)
    context: ClassVar[tuple[str, ...]] = (
        "npi", "npi#", "npi #", "npi no", "npi number", "national provider", "national provider id",
        "national provider identifier", "provider id", "provider #", "provider no", "provider number",
        "prescriber id", "prescriber npi",
    )
    requires_context = True
    headers = (r"\bnpi\b", r"national provider", r"\b(provider|prescriber|prov) (id|#|no|num|number)(?!\w)")
    mask = MaskRule(keep_last=4)

    def normalize(self, value: str) -> str:
        """Digits only."""
        return _DIGITS.sub("", value)

    def validate(self, value: str) -> Validation:
        """VALID with a correct check digit, INVALID otherwise."""
        return Validation.VALID if npi_valid(value.strip()) else Validation.INVALID

    def check_cell(self, value: str) -> Validation | None:
        """A 10-digit cell, checked; anything else is not an NPI."""
        v = value.strip()
        if len(v) != 10 or not v.isascii() or not v.isdigit():
            return None
        return self.validate(v)
