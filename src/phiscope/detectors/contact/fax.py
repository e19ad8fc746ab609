"""Fax numbers: phone numbers after a fax label or before the word fax, reported as element ``phone``
flagged ``fax``.

A separate detector because ``flags`` only sees the value; on the same span it
scores a little above ``phone`` so the overlap resolver keeps it.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Pattern
from phiscope.detectors.contact.phone import LABELLED_VALUE, Phone, suffixed
from phiscope.model import Candidate, Validation

_FAX_LABEL = (r"\b(?:fax|facsimile|telefax|faxed[ \t]+to|fax[ \t]+(?:no|number|num|#)\.?)"
              r"[ \t]*[:.#-]?[ \t]*")


class Fax(Phone):
    """A labelled fax number, validated like a phone number."""

    id = "fax"
    element = "phone"
    description = "Fax number (phone number after a fax label): element phone, flag fax"
    patterns = (Pattern("labelled", _FAX_LABEL + f"(?P<v>{LABELLED_VALUE})", 0.6, caseless=True),
                Pattern("suffixed", suffixed(r"(?:fax|facsimile)"), 0.6, caseless=True))
    context: ClassVar[tuple[str, ...]] = ("fax", "facsimile", "telefax", "faxed")
    headers = (r"\bfax\b", r"facsimile")

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """The phone score, nudged up so a fax label wins the overlap with ``phone``."""
        base = super().score(cand, has_context, validation)
        return None if base is None else min(base + 0.05, 1.0)

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Always ``fax``."""
        return ("fax",)

    def flags_column(self, values: pl.Series) -> pl.Series:
        """``flags`` over a column: ``fax`` for every cell (without validating each number)."""
        slow = cols.flags_fallback(self.flags, self.validate)
        return cols.run(values, pl.lit("fax"), pl.lit(True), slow)
