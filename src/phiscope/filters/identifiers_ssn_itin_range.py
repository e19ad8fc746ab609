"""Values in the ITIN layout are ITINs, not SSNs, whatever their label says.

SSA never issues area 900-999; the IRS issues 9xx numbers with a middle group
of 50-65, 70-88, 90-92 or 94-99 as ITINs, and "SSN" fields routinely hold
them for people without an SSN. Such a value is reported by the ``itin``
detector (an SSN label counts as its context), so ``ssn`` drops it: one value,
one finding. Other 9xx values stay ``ssn`` findings flagged ``test-range``.
"""

from __future__ import annotations

import re

from phiscope.detectors.identifiers.itin import is_itin_digits

APPLIES_TO = ("ssn",)

_NOT_DIGIT = re.compile(r"\D")


def excluded(value: str, before: str, after: str) -> bool:
    """True when the candidate's digits have the ITIN layout."""
    return value[:1] == "9" and is_itin_digits(_NOT_DIGIT.sub("", value))
