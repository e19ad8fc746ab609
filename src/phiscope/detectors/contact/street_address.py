"""Street addresses ("4417 Old Kettle Rd, Apt 2"), PO boxes and military unit boxes.

Patterns only propose candidates (a house number, capitalised words and a
street suffix); the probabilistic parser ``usaddress`` confirms them. It costs
about 50 µs a call, so it runs on candidates and, in columns, once per
distinct value.
"""

from __future__ import annotations

import re
from typing import ClassVar

import usaddress

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.model import Validation

#: street suffixes with their USPS abbreviations (used to normalise)
SUFFIXES: dict[str, str] = {
    "street": "st", "st": "st", "avenue": "ave", "ave": "ave", "road": "rd", "rd": "rd",
    "boulevard": "blvd", "blvd": "blvd", "drive": "dr", "dr": "dr", "lane": "ln", "ln": "ln",
    "way": "way", "court": "ct", "ct": "ct", "place": "pl", "pl": "pl", "terrace": "ter", "ter": "ter",
    "parkway": "pkwy", "pkwy": "pkwy", "highway": "hwy", "hwy": "hwy", "circle": "cir", "cir": "cir",
    "square": "sq", "sq": "sq", "trail": "trl", "trl": "trl", "pike": "pike", "loop": "loop",
    "alley": "aly", "aly": "aly", "plaza": "plz", "plz": "plz", "turnpike": "tpke", "tpke": "tpke",
    "expressway": "expy", "expy": "expy", "freeway": "fwy", "fwy": "fwy", "crossing": "xing",
    "xing": "xing", "row": "row", "walk": "walk", "path": "path", "run": "run",
}
_SUFFIX_RX = "(?:" + "|".join(sorted({w for s in SUFFIXES for w in (s.title(), s.upper())},
                                     key=lambda w: (-len(w), w))) + ")"
_WORD = r"(?:[A-Z][A-Za-z'-]*\.?|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))"
_UNIT = (r"(?:,?[ \t]+(?:Apt|APT|Apartment|APARTMENT|Unit|UNIT|Suite|SUITE|Ste|STE|Bldg|BLDG|Fl|FL|Floor"
         r"|FLOOR|Rm|RM|Room|ROOM|#)\.?[ \t]*#?[ \t]*[A-Za-z0-9-]{1,6}\b)?")
_PO_BOX = re.compile(r"(?:P\.?\s?O\.?|Post\s+Office)\s*Box\s+\d{1,6}"
                     r"|(?:PSC|CMR|Unit)\s+\d{1,5},?\s+Box\s+\d{1,5}", re.I)
_KEEP = re.compile(r"[^\w# -]")


def _tags(value: str) -> dict[str, str]:
    """usaddress's labels for the value ({} when it cannot label it consistently)."""
    try:
        tagged, _kind = usaddress.tag(value)
    except (usaddress.RepeatedLabelError, ValueError, TypeError):
        return {}
    return dict(tagged)


class StreetAddress(Detector):
    """House number + street name + suffix (+ unit), confirmed by usaddress; PO boxes."""

    id = "street_address"
    description = "US-style street address or PO box, confirmed by the usaddress parser"
    patterns = (
        Pattern("street", rf"\b\d{{1,6}}(?:-?[A-Z])?[ \t]+(?:{_WORD}[ \t]+){{1,4}}{_SUFFIX_RX}\b\.?{_UNIT}",
                0.6),
        Pattern("po-box", r"\b(?:P\.?[ \t]?O\.?|Post[ \t]+Office)[ \t]*Box[ \t]+\d{1,6}\b", 0.6,
                caseless=True),
        Pattern("military", r"\b(?:PSC|CMR|Unit|UNIT)[ \t]+\d{1,5},?[ \t]+(?:Box|BOX)[ \t]+\d{1,5}\b", 0.6),
    )
    context: ClassVar[tuple[str, ...]] = (
        "address", "addr", "street", "lives at", "resides at", "residing at", "home", "mailing",
        "mail to", "ship to", "located at",
    )
    context_boost = 0.2
    context_after = 40  # the filters look for a "CITY, ST" line after an all-caps street
    headers = (r"^(?!.*(?:e ?mail|\bip\b|web|url|mac\b)).*\b(?:addr|address|street|address ?[12]|addr ?[12]"
               r"|address line ?[12]?|residence)\b", r"^(?:str|street|home|mailing|residential) addr")
    value_classify_ratio = None  # address columns are found by header; free text by pattern
    mask = MaskRule(keep_first=0, keep_last=0)

    def validate(self, value: str) -> Validation:
        """VALID when usaddress labels a number, a street name and a street type (or a PO/unit box)."""
        if _PO_BOX.fullmatch(value.strip()):
            return Validation.VALID
        tags = _tags(value)
        if {"AddressNumber", "StreetName", "StreetNamePostType"} <= tags.keys():
            return Validation.VALID
        return Validation.INVALID

    def normalize(self, value: str) -> str:
        """Lower-case, punctuation removed, street types as USPS abbreviations."""
        words = _KEEP.sub(" ", value.casefold()).split()
        return " ".join(SUFFIXES.get(w, w) for w in words)

    def check_cell(self, value: str) -> Validation | None:
        """A street address or PO box (possibly followed by city/state/ZIP) in an address column."""
        v = " ".join(value.split())
        if not v or len(v) > 200 or not any(c.isdigit() for c in v):
            return None
        if _PO_BOX.match(v):
            return Validation.VALID
        tags = _tags(v)
        if not {"AddressNumber", "StreetName"} <= tags.keys():
            return None
        return Validation.VALID if "StreetNamePostType" in tags else Validation.INDETERMINATE
