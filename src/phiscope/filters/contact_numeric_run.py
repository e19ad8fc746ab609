"""Pieces of longer dotted/slashed digit runs: OIDs, version strings, serials.

"2.16.840.1.113883.19" contains "2.16.840.1" (a valid IPv4 address) and
"1.2.2020.4" contains "1.2.2020" (a valid date); neither is one. Drops the
candidate when a separator and a digit continue it on either side, except a range of two
slashed dates ("6/30-7/2", "10/15-10/16", "01/02/2020-01/05/2020").
"""

from __future__ import annotations

import re

APPLIES_TO = ("ip_address", "date", "dob")

_BEFORE = re.compile(r"\d[./-]$")
_AFTER = re.compile(r"^[./-]\d")
#: the other end of a date range: a slashed date, a dash between
_RANGE_AFTER = re.compile(r"^-\d{1,2}/\d{1,2}(?:/\d{2,4})?(?!\d|[./-]\d)")
_RANGE_BEFORE = re.compile(r"(?<!\d)(?<![./-]\d)\d{1,2}/\d{1,2}(?:/\d{2,4})?-$")


def excluded(value: str, before: str, after: str) -> bool:
    """True when the value is glued to more digits by a '.', '/' or '-' (not as one end of a
    range of slashed dates)."""
    if "/" in value and "-" not in value:
        glued_before = _BEFORE.search(before) is not None and _RANGE_BEFORE.search(before) is None
        glued_after = _AFTER.match(after) is not None and _RANGE_AFTER.match(after) is None
        return glued_before or glued_after
    return bool(_BEFORE.search(before) or _AFTER.match(after))
