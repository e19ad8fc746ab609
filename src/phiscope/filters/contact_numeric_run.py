"""Pieces of longer dotted/slashed digit runs: OIDs, version strings, serials.

"2.16.840.1.113883.19" contains "2.16.840.1" (a valid IPv4 address) and
"1.2.2020.4" contains "1.2.2020" (a valid date); neither is one. Drops the
candidate when a separator and a digit continue it on either side.
"""

from __future__ import annotations

import re

APPLIES_TO = ("ip_address", "date", "dob")

_BEFORE = re.compile(r"\d[./-]$")
_AFTER = re.compile(r"^[./-]\d")


def excluded(value: str, before: str, after: str) -> bool:
    """True when the value is glued to more digits by a '.', '/' or '-'."""
    return bool(_BEFORE.search(before) or _AFTER.match(after))
