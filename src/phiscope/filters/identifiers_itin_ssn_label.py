"""ITIN-shaped numbers written under an SSN label stay SSNs.

A 9xx-xx-xxxx value with an ITIN group is reported as an ITIN (it outscores
the ``ssn`` detector's never-issued 9xx area) unless the text right before it
labels it as a Social Security number and never mentions an ITIN or taxpayer
number: then the writer's own label wins and ``ssn`` reports it (flagged
``test-range``, as synthetic SSNs such as Synthea's 999-xx-xxxx are).
"""

from __future__ import annotations

import re

APPLIES_TO = ("itin",)

_SSN = re.compile(r"(?<![A-Za-z0-9])(?:ssn|ss#|ss no|soc(?:ial)?\.? ?sec(?:urity)?)(?![A-Za-z0-9])", re.I)
_ITIN = re.compile(r"(?<![A-Za-z0-9])(?:itin|tin|taxpayer|tax id)(?![A-Za-z0-9])", re.I)


def excluded(value: str, before: str, after: str) -> bool:
    """True when the value is labelled as an SSN and not as an ITIN/taxpayer number."""
    return bool(_SSN.search(before)) and not _ITIN.search(before)
