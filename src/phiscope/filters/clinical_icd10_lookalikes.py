"""Letter-digit codes that name a place or a thing, not a diagnosis.

"Room C50", "Bed B20", "rooms B20, C12 and E11", "lot K1234", "Model X100",
"vitamin B12", "Figure S1": short ICD-10-shaped tokens after such a noun (or in
a list right after one) are not diagnosis codes.
"""

from __future__ import annotations

import re

APPLIES_TO = ("icd10_diagnosis",)

_NOUNS = frozenset({
    "room", "rm", "bed", "suite", "ste", "unit", "bldg", "building", "floor", "fl", "hall", "hallway",
    "wing", "pod", "bay", "station", "gate", "apt", "apartment", "door", "locker", "cabinet", "shelf",
    "bin", "model", "part", "item", "sku", "lot", "batch", "form", "exhibit", "figure", "fig", "table",
    "section", "sec", "page", "vitamin", "vit", "lead", "level", "vertebra", "vertebrae", "grade",
    "size", "channel", "slot", "seat", "row", "column", "col", "cell", "box", "tube", "rack", "version",
    "ver", "rev", "route", "bus", "highway", "hwy", "interstate", "flight", "exit", "zone", "sector"
})
_NOUN_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted(_NOUNS, key=lambda w: (-len(w), w))) + r")s?\b"
    r"(?:\s*(?:#|no\.?|nos\.?|num|number|numbers|id|ids))?[\s:#.,]*"
    r"(?:[A-Z]{0,2}\d[A-Z0-9.\-]{0,6}[\s,;&/]+(?:and\s+|or\s+)?){0,4}$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def excluded(value: str, before: str, after: str) -> bool:
    """True when a place/object noun (or a list started by one) precedes the code."""
    tail = before[-60:]
    if not any(_noun(w.lower()) for w in _WORD.findall(tail)):  # cheap, exact gate: no noun, no match
        return False
    return _NOUN_BEFORE.search(tail) is not None


def _noun(word: str) -> bool:
    return word in _NOUNS or (word[-1:] == "s" and word[:-1] in _NOUNS)
