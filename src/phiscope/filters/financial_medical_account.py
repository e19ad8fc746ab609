"""Account numbers that belong to a hospital or payer, not to a bank.

In healthcare documents "Patient Acct #", "Guarantor Account", "HAR", "Visit
Acct" and the like are the provider's billing account for an encounter
(a HIPAA identifier handled by the identifier detectors), not a financial
account at a bank, so ``bank_account`` ignores values labelled that way even
when a banking word is nearby.
"""

from __future__ import annotations

import re

APPLIES_TO = ("bank_account",)

_MEDICAL_LABEL = re.compile(
    r"\b(?:patient|pt|pat|hospital|hosp|guarantor|guar|encounter|enc|visit|admission|adm|har|billing|"
    r"medical|med|claim|member|mrn|chart|insurance|ins|policy|subscriber|pharmacy|rx|lab)"
    r"(?:'s)?\W{0,3}(?:acct|account)\W{0,3}(?:number|num|nbr|no|id)?\W{0,5}$",
    re.IGNORECASE,
)


def excluded(value: str, before: str, after: str) -> bool:
    """True when the account label right before the value is a medical one."""
    return _MEDICAL_LABEL.search(before[-40:]) is not None
