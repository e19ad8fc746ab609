"""Payment card numbers (credit, debit, prepaid)."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.checksums import luhn_valid
from phiscope.detectors.financial._cards import TEST_CARDS, brand_of
from phiscope.model import Candidate, Validation

_NOT_DIGIT = re.compile(r"\D")


class PaymentCard(Detector):
    """Card numbers: 13-19 digits (12 for Maestro), plain or grouped 4-4-4-4 / 4-6-5.

    Luhn-valid numbers in a known network range (Visa, Mastercard, Amex,
    Discover, JCB, Diners, UnionPay, Maestro) are VALID and need no context
    (12-digit Maestro numbers always need it);
    Luhn-valid numbers outside those ranges are INDETERMINATE and need a card
    word nearby; Luhn failures are dropped. Published test cards are still
    reported (a leaked file holds them as card numbers too) but flagged
    ``test-card`` so reviewers can discount them.
    """

    id = "payment_card"
    description = "Payment card number (Luhn + issuer range)"
    patterns = (
        Pattern("grouped16", r"\b\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\b", 0.5),
        Pattern("grouped19", r"\b\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{3}\b", 0.5),
        Pattern("grouped15", r"\b\d{4}[ -]\d{6}[ -]\d{4,5}\b", 0.5),
        Pattern("plain", r"\b\d{13,19}\b", 0.4),
        Pattern("plain12", r"\b\d{12}\b", 0.3),
    )
    context: ClassVar[tuple[str, ...]] = (
        "card", "card number", "card no", "card #", "cc", "cc#", "ccn", "credit", "credit card",
        "debit", "debit card", "visa", "mastercard", "master card", "amex", "american express",
        "discover", "jcb", "diners", "unionpay", "exp", "expiry", "expiration", "cvv", "cvc",
    )
    headers = (
        r"^(?!.*\b(?:insurance|member|id|medicaid|medicare|health|library|loyalty|gift|rx)\b)"
        r".*\bcard ?(?:num|nbr|no|number|#)",
        r"\b(?:credit|debit|payment|cc|bank) ?card\b",
        r"\bcc ?(?:num|nbr|no|number|#)", r"\bccn\b", r"\bcardnumber\b",
    )
    mask = MaskRule(keep_first=0, keep_last=4)

    def normalize(self, value: str) -> str:
        """Digits only."""
        return _NOT_DIGIT.sub("", value)

    def validate(self, value: str) -> Validation:
        """Luhn (required) and issuer range (VALID) / unknown range (INDETERMINATE)."""
        digits = self.normalize(value)
        if not 12 <= len(digits) <= 19 or len(set(digits)) == 1 or not luhn_valid(digits):
            return Validation.INVALID
        return Validation.VALID if brand_of(digits) else Validation.INDETERMINATE

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Numbers outside the known issuer ranges, and 12-digit ones, need a card word nearby."""
        if (validation is Validation.INDETERMINATE or cand.pattern_name == "plain12") and not has_context:
            return None
        return super().score(cand, has_context, validation)

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """The card brand, and ``test-card`` for published test numbers."""
        digits = self.normalize(value)
        out: list[str] = []
        brand = brand_of(digits)
        if brand:
            out.append(brand)
        if digits in TEST_CARDS:
            out.append("test-card")
        return tuple(out)
