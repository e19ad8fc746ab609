"""Driver's-license candidates whose label is another kind of license or a unit.

"license no." and "lic #" also label medical, nursing, pharmacy, DEA and
business licenses; and "mg/DL: 1234" is a unit, not a driver's license. The
nearest license label before the value decides: when the few words right
before it name a professional license (and no driver wording), drop it.
"""

from __future__ import annotations

import re

APPLIES_TO = ("drivers_license",)

_LABEL = re.compile(r"(?<![A-Za-z0-9])(?:licen[cs]e|lic|dl|dln|cdl)(?![A-Za-z0-9])", re.I)
_PROFESSIONAL = re.compile(
    r"(?<![A-Za-z0-9])(?:medical|medicine|nursing|nurse|rn|lpn|professional|pharmacy|pharmacist|physician|"
    r"dental|dentist|practitioner|prescriber|dea|npi|board|business|contractor|vendor|software|marriage|"
    r"liquor|firearms?|clinical|clinician|provider|psychologist|therapist|counselor|social worker)"
    r"(?![A-Za-z0-9])",
    re.I,
)
_DRIVER = re.compile(r"(?<![A-Za-z0-9])(?:driver'?s?'?|driving|operator'?s?|dl|dln|cdl)(?![A-Za-z0-9])", re.I)
_UNIT = re.compile(r"/\s*DL\W*$", re.I)
_WINDOW = 30  # characters before the label that can qualify it


def excluded(value: str, before: str, after: str) -> bool:
    """True when the label before the value is a professional license or a unit."""
    if _UNIT.search(before):
        return True
    labels = list(_LABEL.finditer(before))
    if not labels:
        return False
    last = labels[-1]
    start = max(0, last.start() - _WINDOW, labels[-2].end() if len(labels) > 1 else 0)
    qualifier = before[start: last.end()]
    return bool(_PROFESSIONAL.search(qualifier)) and not _DRIVER.search(qualifier)
