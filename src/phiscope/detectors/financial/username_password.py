"""Passwords of online accounts written next to their label."""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.financial._credentials import (
    PAIRED_PASSWORD_LABEL,
    PASSWORD_LABEL,
    SECRET,
    SEP,
    USER_LABEL,
    USERNAME,
    is_placeholder,
    looks_hashed,
    looks_like_date_or_time,
    looks_secret,
)
from phiscope.model import Candidate, Validation


class UsernamePassword(Detector):
    """Account credentials (the "account credentials" element, kept in the
    financial group): the password written after a label.

    Reports the password itself, flagged ``password`` (and ``hashed`` for
    stored hashes); the username beside it is reported by ``account_username``
    under the same element. Masked ("********"), redacted ("[REDACTED]"),
    templated or prose values are dropped by ``financial_credential_placeholders``.
    """

    id = "username_password"
    description = "Online account credentials: password after a password label"
    patterns = (
        Pattern("labelled", rf"(?:\b|_){PASSWORD_LABEL}\b{SEP}(?P<v>{SECRET})", 0.5, caseless=True),
        Pattern("paired", rf"(?:\b|_){USER_LABEL}{SEP}{USERNAME}[\"']?[\s,;/|&]{{1,5}}"
                rf"{PAIRED_PASSWORD_LABEL}{SEP}(?P<v>{SECRET})", 0.5, caseless=True),
        Pattern("is", rf"\b(?:password|passwd|pass ?word|passcode)[ \t]+(?:is|was)[ \t]*[:=]?[ \t]*[\"']?"
                rf"(?P<v>{SECRET})", 0.4, caseless=True),
        Pattern("field", r"^\s*(?P<v>\S{4,128})\s*$", 0.5),
    )
    context: ClassVar[tuple[str, ...]] = (
        "password", "passwd", "passwort", "pwd", "passcode", "pass word", "pass", "pw", "pin",
    )
    headers = (
        r"^(?:[a-z0-9]+ ){0,2}(?:password|passwd|passwort|pwd|pass word|passcode|pw)"
        r"(?: (?:hash|hashed|digest|plain|plaintext|clear|cleartext))?$",
    )
    value_classify_ratio = None  # any token would pass: classify columns by header only
    mask = MaskRule(keep_first=0, keep_last=0)

    def normalize(self, value: str) -> str:
        """Lower-cased, like the username half of the same element: one element has
        one normalisation (the raw value is kept in the store)."""
        return value.strip().lower()

    def validate(self, value: str) -> Validation:
        """4-128 characters without spaces; otherwise not a password."""
        v = value.strip()
        if not 4 <= len(v) <= 128 or any(ch.isspace() for ch in v):
            return Validation.INVALID
        return Validation.INDETERMINATE

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """A whole field needs a password key; "password is X" needs a secret-looking X."""
        if cand.pattern_name == "field" and not has_context:
            return None
        if cand.pattern_name == "is" and not looks_secret(cand.value):
            return None
        return super().score(cand, has_context, validation)

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Always ``password``; ``hashed`` for stored password hashes."""
        return ("password", "hashed") if looks_hashed(value) else ("password",)

    def check_cell(self, value: str) -> Validation | None:
        """A cell of a password column: any 4-128 character token that is not masked."""
        v = value.strip()
        if is_placeholder(v) or looks_like_date_or_time(v):
            return None
        result = self.validate(v)
        return None if result is Validation.INVALID else result
