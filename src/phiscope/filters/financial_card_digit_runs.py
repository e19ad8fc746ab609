"""Grouped digits that are part of a longer run of groups.

"4532 0151 1283 0366 1234 5678" is a table row, a barcode or an account
listing, not a card: a card-shaped span with another digit group right before
or right after it (same kind of separator) is dropped. An expiry date after it
("4532 0151 1283 0366 12/27") is not a group and does not count.
"""

from __future__ import annotations

import re

APPLIES_TO = ("payment_card",)

_GROUP_BEFORE = re.compile(r"\d[ -]$")
_GROUP_AFTER = re.compile(r"^[ -]\d{3,}(?![/.]\d)")


def excluded(value: str, before: str, after: str) -> bool:
    """True when the span sits inside a longer run of digit groups."""
    if value.isdigit():
        return False
    return _GROUP_BEFORE.search(before) is not None or _GROUP_AFTER.match(after) is not None
