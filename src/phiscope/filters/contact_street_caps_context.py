"""ALL-CAPS street candidates need an address around them.

In upper-case clinical notes "104 NSR ST", "2 MEDIASTINAL CT", "6 BEAT RUN" and
"12U REG INSULN SQ" have the shape of a street (number, words, suffix) and
usaddress labels them as one. An all-caps candidate is kept only with an
address word before it or a city/state/ZIP line right after it. Mixed-case
candidates and PO / unit boxes are not affected.
"""

from __future__ import annotations

import re

APPLIES_TO = ("street_address",)

_ADDRESS_BEFORE = re.compile(
    r"\b(?:address|addr|street|lives|resides|residing|residence|home|mailing|mail|ship|located|"
    r"billing|guarantor|patient)\b[^\n]{0,40}$", re.I)
_BOX = re.compile(r"(?:P\.?\s?O\.?|POST\s+OFFICE|PSC|CMR|UNIT)\s", re.I)
_CITY_LINE_AFTER = re.compile(
    r"^[ \t]*(?:,[ \t]*)?(?:(?:APT|UNIT|STE|SUITE|#)[ \t#]*[A-Z0-9-]+[ \t]*,?[ \t]*)?\r?\n?[ \t]*"
    r"[A-Z][A-Z .'-]+,?[ \t]+[A-Z]{2}[ \t]+\d{5}\b")


def excluded(value: str, before: str, after: str) -> bool:
    """True for an all-caps candidate without address context."""
    if any(c.islower() for c in value) or _BOX.match(value):
        return False
    return not (_ADDRESS_BEFORE.search(before) or _CITY_LINE_AFTER.match(after))
