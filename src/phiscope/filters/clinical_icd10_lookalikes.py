"""Letter-digit codes that name a place or a thing, not a diagnosis.

"Room C50", "Bed B20", "rooms B20, C12 and E11", "lot K1234", "Model X100",
"vitamin B12", "Figure S1": short ICD-10-shaped tokens after such a noun (or in
a list right after one) are not diagnosis codes.
"""

from __future__ import annotations

import re

APPLIES_TO = ("icd10_diagnosis",)

_NOUN_BEFORE = re.compile(
    r"\b(?:room|rm|bed|suite|ste|unit|bldg|building|floor|fl|hall|hallway|wing|pod|bay|station|gate|"
    r"apt|apartment|door|locker|cabinet|shelf|bin|model|part|item|sku|lot|batch|form|exhibit|figure|"
    r"fig|table|section|sec|page|vitamin|vit|lead|level|vertebra|vertebrae|grade|size|channel|"
    r"slot|seat|row|column|col|cell|box|tube|rack|version|ver|rev|route|bus|highway|hwy|interstate|"
    r"flight|exit|zone|sector)s?\b"
    r"(?:\s*(?:#|no\.?|nos\.?|num|number|numbers|id|ids))?[\s:#.,]*"
    r"(?:[A-Z]{0,2}\d[A-Z0-9.\-]{0,6}[\s,;&/]+(?:and\s+|or\s+)?){0,4}$",
    re.IGNORECASE,
)


def excluded(value: str, before: str, after: str) -> bool:
    """True when a place/object noun (or a list started by one) precedes the code."""
    return _NOUN_BEFORE.search(before[-60:]) is not None
