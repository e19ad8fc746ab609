"""Long digit strings labelled as something other than a card number.

Order, claim, tracking, accession and similar reference numbers are often 13-19
digits and one in ten passes Luhn; when the label right before the number says
what it is, it is not a payment card.
"""

from __future__ import annotations

import re

APPLIES_TO = ("payment_card",)

_LABEL_AT_END = re.compile(
    r"\b(?:order|invoice|inv|claim|tracking|track|shipment|confirmation|conf|reference|ref|accession|"
    r"specimen|lot|serial|s/n|sn|imei|iccid|isbn|upc|gtin|ndc|policy|member|group|transaction|txn|"
    r"trans|batch|ticket|case|po|encounter|visit|mrn|npi|medicaid|medicare|subscriber|tax|ein|"
    r"phone|tel|fax|barcode|document|doc|check|cheque|receipt|authorization|auth|approval)"
    r"\s*(?:number|num|nbr|no\.?|id|code)?\s*[:#=.]?\s*$",
    re.IGNORECASE,
)


def excluded(value: str, before: str, after: str) -> bool:
    """True when a non-card label sits right before the number."""
    return _LABEL_AT_END.search(before[-40:]) is not None
