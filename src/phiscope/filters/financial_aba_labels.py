"""Nine-digit numbers labelled as something other than a routing number.

SSNs, ZIP+4 codes, MRNs, Medicaid and member ids are often nine bare digits and
one in ten passes the ABA checksum; a label right before the number (e.g.
"SSN:" even when "routing" appears earlier in the line) decides.
"""

from __future__ import annotations

import re

APPLIES_TO = ("aba_routing",)

_OTHER_LABEL = re.compile(
    r"\b(?:ssn|ss|ss#|social security|soc sec|social sec|ssa|tin|itin|tax ?id|taxpayer id|ein|fein|"
    r"zip|zip ?code|zip\+4|postal|postal code|phone|tel|telephone|fax|mobile|cell|mrn|medical record|"
    r"chart|member|member id|medicaid|medicare|subscriber|policy|group|claim|npi|dea|license|dl|"
    r"account|acct|a/c|check|cheque|invoice|order|reference|ref)"
    r"\s*(?:number|num|nbr|no\.?|#|id)?\s*[:#=.]?\s*$",
    re.IGNORECASE,
)


def excluded(value: str, before: str, after: str) -> bool:
    """True when a non-routing label sits right before the number."""
    return _OTHER_LABEL.search(before[-40:]) is not None
