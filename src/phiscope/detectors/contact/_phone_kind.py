"""What the fax and pager detectors share: a phone number of a kind, flagged with it, that wins
the overlap with the plain ``phone`` finding on the same span."""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.contact.phone import Phone
from phiscope.model import Candidate, Validation


class PhoneKind(Phone):
    """A phone number of a kind (``kind``: the flag): element ``phone``, scored just above it."""

    element = "phone"
    kind: ClassVar[str] = ""

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """The phone score, nudged up so the kind's label wins the overlap with ``phone``."""
        base = super().score(cand, has_context, validation)
        return None if base is None else min(base + 0.05, 1.0)

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Always the kind."""
        return (self.kind,)

    def flags_column(self, values: pl.Series) -> pl.Series:
        """``flags`` over a column: the kind for every cell (without validating each number)."""
        slow = cols.flags_fallback(self.flags, self.validate)
        return cols.run(values, pl.lit(self.kind), pl.lit(True), slow)
