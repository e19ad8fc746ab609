"""A birth label belongs to the first date after it, not to later ones.

Drops a ``dob`` candidate when, between the last birth word before it and the
date, there is another date or a label of another kind of date
("DOB: 01/02/1950, admitted 03/04/2020" — the second date is no birth date).
When no birth word is in the text before (the context came from a field key
or column header), nothing is dropped.
"""

from __future__ import annotations

import re

from phiscope.detectors.names.dob import BIRTH_WORDS

APPLIES_TO = ("dob",)

_BIRTH = re.compile(
    r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(w) for w in sorted(BIRTH_WORDS, key=len, reverse=True))
    + r")(?![A-Za-z0-9])", re.I)
_OTHER = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\b(?:admit\w*|admission|discharg\w*|visit\w*|seen|service|surgery|procedure|dos|death|died"
    r"|expired|today|onset|since|follow\w*|appointment|appt|injury|dated?|last|next|on\s+\d)\b",
    re.I)


def excluded(value: str, before: str, after: str) -> bool:
    """True when another date or date label stands between the birth word and the value."""
    ends = [m.end() for m in _BIRTH.finditer(before)]
    if not ends:
        return False
    gap = before[ends[-1]:]
    return bool(_OTHER.search(gap))
