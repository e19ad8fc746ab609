"""Slash triples that are settings, not dates: ventilator "PSV 10/5/40%"."""

from __future__ import annotations

import re

APPLIES_TO = ("date", "dob")

_PERCENT_AFTER = re.compile(r"^[ \t]?%")


def excluded(value: str, before: str, after: str) -> bool:
    """True when a percent sign follows the value (a date never carries one)."""
    return bool(_PERCENT_AFTER.match(after))
