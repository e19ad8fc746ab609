"""Fax numbers: phone numbers after a fax label or before the word fax, reported as element ``phone``
flagged ``fax``.

A separate detector because ``flags`` only sees the value; on the same span it
scores a little above ``phone`` so the overlap resolver keeps it.
"""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.base import Pattern
from phiscope.detectors.contact._phone_kind import PhoneKind
from phiscope.detectors.contact.phone import LABELLED_VALUE, suffixed

_FAX_LABEL = (r"\b(?:fax|facsimile|telefax|faxed[ \t]+to|fax[ \t]+(?:no|number|num|#)\.?)"
              r"[ \t]*[:.#-]?[ \t]*")


class Fax(PhoneKind):
    """A labelled fax number, validated like a phone number."""

    id = "fax"
    kind = "fax"
    description = "Fax number (phone number after a fax label): element phone, flag fax"
    patterns = (Pattern("labelled", _FAX_LABEL + f"(?P<v>{LABELLED_VALUE})", 0.6, caseless=True),
                Pattern("suffixed", suffixed(r"(?:fax|facsimile)"), 0.6, caseless=True))
    context: ClassVar[tuple[str, ...]] = ("fax", "facsimile", "telefax", "faxed")
    headers = (r"\bfax\b", r"facsimile")
