"""ABA routing transit numbers (US bank routing numbers)."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.checksums import aba_valid
from phiscope.model import Validation

_NOT_DIGIT = re.compile(r"\D")

#: First two digits of a routing number: 00 (US government), 01-12 (Federal
#: Reserve districts), 21-32 (thrifts), 61-72 (electronic), 80 (traveller's cheques).
_PREFIXES = frozenset(
    [f"{i:02d}" for i in range(0, 13)] + [str(i) for i in range(21, 33)]
    + [str(i) for i in range(61, 73)] + ["80"]
)


class AbaRouting(Detector):
    """Routing numbers: 9 digits (or ``XXXX-YYYY-C``), ABA 3-7-1 checksum, valid prefix.

    Nine-digit numbers collide with SSNs, ZIP+4 codes and MRNs, so a routing
    word is always required, and the ``financial_aba_labels`` filter drops a
    number whose own label says it is something else ("SSN:", "ZIP", "MRN").
    """

    id = "aba_routing"
    description = "ABA routing transit number (checksum + Federal Reserve prefix)"
    patterns = (
        Pattern("bare", r"\b\d{9}\b", 0.3),
        Pattern("dashed", r"\b\d{4}-\d{4}-\d\b", 0.3),
    )
    context: ClassVar[tuple[str, ...]] = (
        "routing", "routing number", "routing no", "routing #", "routing/transit", "aba", "aba#",
        "aba number", "abartn", "rtn", "transit", "transit number", "bank routing",
    )
    requires_context = True
    headers = (r"\brouting\b", r"\baba\b(?! ?therap)", r"\brtn\b", r"\btransit\b", r"\babartn\b")
    mask = MaskRule(keep_first=0, keep_last=4)

    def normalize(self, value: str) -> str:
        """Digits only."""
        return _NOT_DIGIT.sub("", value)

    def validate(self, value: str) -> Validation:
        """ABA checksum and a prefix the Federal Reserve assigns."""
        digits = self.normalize(value)
        if len(digits) != 9 or digits[:2] not in _PREFIXES or len(set(digits)) == 1:
            return Validation.INVALID
        return Validation.VALID if aba_valid(digits) else Validation.INVALID
