"""Pager numbers: after a pager label, a phone number or a hospital's short pager
extension ("Pager #12345", "pgr: 4417"), reported as element ``phone`` flagged ``pager``.

A separate detector because a four- to six-digit value is no phone number anywhere
else; on the same span it scores a little above ``phone`` so the overlap resolver keeps it.
"""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.base import Pattern
from phiscope.detectors.contact._phone_kind import PhoneKind
from phiscope.detectors.contact.phone import LABELLED_VALUE
from phiscope.model import Validation

_PAGER_LABEL = (r"\b(?:pager|beeper|pgr)\b[ \t]*(?:#|no\.?|number|num)?[ \t]*[:.]?[ \t]*#?[ \t]*")
#: digits of a hospital's internal pager extension
SHORT = range(4, 7)


class Pager(PhoneKind):
    """A labelled pager number: a phone number, or a short extension after the label."""

    id = "pager"
    kind = "pager"
    description = "Pager number (a phone number or a 4-6 digit extension after a pager label): flag pager"
    patterns = (Pattern("labelled", _PAGER_LABEL + f"(?P<v>{LABELLED_VALUE})", 0.6, caseless=True),)
    context: ClassVar[tuple[str, ...]] = ("pager", "beeper", "pgr", "paged")
    headers = ()  # pager columns are the phone detector's

    def _check(self, value: str) -> tuple[Validation, str]:
        """A short extension is INDETERMINATE with its digits; anything else as a phone number."""
        if value.isascii() and value.isdigit() and len(value) in SHORT:
            return Validation.INDETERMINATE, value
        return super()._check(value)
