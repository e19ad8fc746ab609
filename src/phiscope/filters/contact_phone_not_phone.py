"""Ten-digit numbers labelled as something else: NPI, order, invoice, account,
claim, tracking numbers... ("NPI: 1234567893", "Order # 860-555-0123")."""

from __future__ import annotations

import re

APPLIES_TO = ("phone", "fax")

_OTHER_LABEL = re.compile(
    r"\b(?:npi|order|invoice|inv|acct|account|mrn|claim|policy|member|tracking|ref|reference|"
    r"confirmation|conf|case|ticket|serial|lot|isbn|upc|ndc|dea|tax|ein|tin|routing|aba|check|"
    r"transaction|batch|specimen|accession|auth|authorization|record|chart|license|lic|permit)"
    r"[ \t]*(?:#|no\.?|num(?:ber)?|id)?[ \t]*[:#.]?[ \t]*$", re.I)


def excluded(value: str, before: str, after: str) -> bool:
    """True when a non-phone number label directly precedes the value."""
    return bool(_OTHER_LABEL.search(before))
