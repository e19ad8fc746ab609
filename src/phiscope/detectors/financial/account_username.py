"""Usernames written next to a password."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.financial._credentials import (
    SEP,
    USER_LABEL,
    USERNAME,
    is_placeholder,
    looks_like_date_or_time,
)
from phiscope.model import Validation

_USERNAME = re.compile(USERNAME)


class AccountUsername(Detector):
    """The username half of account credentials (element ``username_password``,
    flag ``username``): a value after a user/login label, reported only when a
    password label is nearby — a username alone is not a credential.
    """

    id = "account_username"
    element = "username_password"
    description = "Online account credentials: username next to a password"
    patterns = (
        Pattern("labelled", rf"(?:\b|_){USER_LABEL}{SEP}(?P<v>{USERNAME})", 0.5, caseless=True),
        Pattern("field", rf"^\s*(?P<v>{USERNAME})\s*$", 0.5),
    )
    context: ClassVar[tuple[str, ...]] = (
        "password", "passwd", "passwort", "pwd", "passcode", "pass word", "pass", "pw", "pin",
    )
    context_after = 40
    requires_context = True
    headers = (
        r"^(?:(?:user|portal|web|online|app|system|sys|db|ftp|vpn|account|acct|patient|pt|member|emr|"
        r"ehr|network|windows|ad|sso|email|e mail) ){0,2}"
        r"(?:user ?name|login(?: (?:id|name))?|logon(?: (?:id|name))?|user login)$",
    )
    value_classify_ratio = None  # any token would pass: classify columns by header only
    mask = MaskRule(keep_first=2, keep_last=0)

    def normalize(self, value: str) -> str:
        """Lower-case (logins are matched case-insensitively)."""
        return value.strip().lower()

    def validate(self, value: str) -> Validation:
        """A 2-64 character login token that is not a date or a time."""
        v = value.strip()
        if len(v) > 64 or not _USERNAME.fullmatch(v) or looks_like_date_or_time(v):
            return Validation.INVALID
        return Validation.INDETERMINATE

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Marks the username half of a credential pair."""
        return ("username",)

    def check_cell(self, value: str) -> Validation | None:
        """A cell of a username/login column."""
        v = value.strip()
        if is_placeholder(v):
            return None
        result = self.validate(v)
        return None if result is Validation.INVALID else result
