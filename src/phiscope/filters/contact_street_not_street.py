"""Street-shaped phrases that are not streets: "2 VIEWS OF HEAD CT", "3 Days Ago By Dr".

A number, capitalised words and a word that doubles as a street type ("CT",
"Dr", "Way", "Run") occur in clinical text; usaddress happily labels them.
Real street names hardly ever contain function words, time units or dose units.
"""

from __future__ import annotations

import re

APPLIES_TO = ("street_address",)

_NOT_STREET = frozenset({
    "of", "by", "and", "to", "for", "with", "in", "on", "at", "the", "from", "per", "or", "was", "is",
    "ago", "week", "weeks", "day", "days", "month", "months", "year", "years", "hour", "hours",
    "minute", "minutes", "time", "times", "view", "views", "mg", "ml", "mcg", "units", "tablet",
    "tablets", "cc", "cm", "mm", "kg", "lb", "lbs", "phase", "slice", "slices", "contrast", "head",
    "chest", "abdomen", "pelvis", "spine", "brain", "neck", "sinus", "repeat", "follow", "prior",
    "without", "stat", "dose", "doses", "patient", "patients", "visit", "visits",
})
_WORDS = re.compile(r"[A-Za-z]+")


def excluded(value: str, before: str, after: str) -> bool:
    """True when a word of the candidate is never part of a street name."""
    return any(w.casefold() in _NOT_STREET for w in _WORDS.findall(value))
