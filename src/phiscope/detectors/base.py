"""What a detector is: patterns, context words, column headers and a validator.

A detector is one small class in one file under ``phiscope/detectors/<group>/``.
It is registered automatically (see ``registry.py``) by subclassing ``Detector``
and setting ``id``. Detectors *find*; pure exclusion rules live in
``phiscope/filters``.

Pattern rules (all patterns of all detectors are compiled into one hyperscan
database, with google-re2/``re`` as fallback):

* no look-around, no back-references, no possessive quantifiers;
* ``\\b``, character classes, ``{m,n}`` and alternation are fine;
* at most one named group ``(?P<v>...)`` marking the value inside a labelled
  match (``Patient: (?P<v>DOE, JANE)``) — the engine reports only that span;
* ``caseless=True`` instead of inline ``(?i)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from phiscope.model import Candidate, Validation

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True, slots=True)
class Pattern:
    """One regular expression with its base confidence."""

    name: str
    regex: str
    score: float
    caseless: bool = False
    #: a cheaper superset for the multi-pattern engine (hyperscan), or None: every
    #: position where a match of ``regex`` ends must also end a match of ``prefilter``
    #: (exact spans are then recovered with ``regex`` around the reported ends)
    prefilter: str | None = None

    def python_regex(self) -> re.Pattern[str]:
        """The pattern compiled with Python ``re`` (keeps the ``v`` group)."""
        return re.compile(self.regex, re.IGNORECASE if self.caseless else 0)

    def plain_regex(self) -> str:
        """The exact pattern with the ``v`` group made plain (for engines without named groups)."""
        return self.regex.replace("(?P<v>", "(?:")

    def engine_regex(self) -> str:
        """What the multi-pattern engine scans for: the prefilter, else the plain pattern."""
        return self.prefilter or self.plain_regex()


@dataclass(frozen=True, slots=True)
class MaskRule:
    """How a value is shown masked: keep the first/last characters, star the rest.

    Letters and digits in the masked part become ``*``; punctuation stays, so
    ``123-45-6789`` with ``keep_last=4`` shows as ``***-**-6789``. Values too
    short to hide anything are starred completely.
    """

    keep_first: int = 0
    keep_last: int = 4


_ALNUM = re.compile(r"[A-Za-z0-9]")


def mask_value(value: str, rule: MaskRule) -> str:
    """Masked preview of ``value`` (mirrors the store's SQL ``mask`` macro)."""
    n = len(value)
    if n <= 2 * (rule.keep_first + rule.keep_last):
        return _ALNUM.sub("*", value)
    middle = value[rule.keep_first : n - rule.keep_last]
    return value[: rule.keep_first] + _ALNUM.sub("*", middle) + value[n - rule.keep_last :]


class Detector:
    """Base class for one element type's detector.

    Class attributes are data; override the methods only where the element
    needs logic (checksums, code sets, context-dependent scoring).
    """

    id: ClassVar[str] = ""  # stable slug, never renamed (stored in cases)
    element: ClassVar[str] = ""  # element type reported (defaults to id)
    description: ClassVar[str] = ""
    patterns: ClassVar[tuple[Pattern, ...]] = ()
    #: words/phrases that raise confidence when found near a candidate,
    #: matched case-insensitively as whole words
    context: ClassVar[tuple[str, ...]] = ()
    context_before: ClassVar[int] = 60  # characters searched before a candidate
    context_after: ClassVar[int] = 20  # characters searched after a candidate
    #: candidates without a context word are dropped
    requires_context: ClassVar[bool] = False
    context_boost: ClassVar[float] = 0.35
    valid_boost: ClassVar[float] = 0.15
    min_confidence: ClassVar[float] = 0.5
    #: regexes (case-insensitive, searched) on a normalised column header or
    #: field key (lower-case, separators as single spaces: "pt lname")
    headers: ClassVar[tuple[str, ...]] = ()
    #: fraction of sampled non-empty cells that must pass ``check_cell`` for a
    #: column to be classified from values alone (no header match); None = never
    value_classify_ratio: ClassVar[float | None] = 0.9
    mask: ClassVar[MaskRule] = MaskRule()

    # -- engine-facing helpers -------------------------------------------------

    @property
    def element_type(self) -> str:
        """The element this detector reports."""
        return self.element or self.id

    @cached_property
    def context_regex(self) -> re.Pattern[str] | None:
        """Whole-word, case-insensitive regex of the context words."""
        if not self.context:
            return None
        words = sorted((re.escape(w) for w in self.context), key=lambda w: (-len(w), w))
        return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(words) + r")(?![A-Za-z0-9])", re.I)

    @cached_property
    def header_regex(self) -> re.Pattern[str] | None:
        """Compiled header regexes (one alternation)."""
        if not self.headers:
            return None
        return re.compile("|".join(f"(?:{h})" for h in self.headers), re.I)

    @cached_property
    def cell_regexes(self) -> tuple[re.Pattern[str], ...]:
        """Python regexes used to full-match a table cell."""
        return tuple(p.python_regex() for p in self.patterns)

    # -- overridable hooks -----------------------------------------------------

    def validate(self, value: str) -> Validation:
        """Checksum/format/code-set validation of a matched value."""
        return Validation.INDETERMINATE

    def normalize(self, value: str) -> str:
        """Canonical form that is HMAC-ed for matching across documents."""
        return " ".join(value.split())

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Final confidence of a text candidate, or None to drop it."""
        if validation is Validation.INVALID:
            return None
        if self.requires_context and not has_context:
            return None
        conf = cand.pattern_score
        if has_context:
            conf += self.context_boost
        if validation is Validation.VALID:
            conf += self.valid_boost
        conf = min(conf, 1.0)
        return conf if conf >= self.min_confidence else None

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Extra markers stored with a finding (e.g. ``("test-range",)``)."""
        return ()

    def matches_header(self, header: str) -> bool:
        """Whether a normalised column header / field key names this element."""
        rx = self.header_regex
        return bool(rx and rx.search(header))

    def check_cell(self, value: str) -> Validation | None:
        """Validation of one cell of a column classified as this element.

        ``None`` means the cell does not hold this element at all (e.g. "N/A").
        The default full-matches any pattern, then validates.
        """
        v = value.strip()
        if not v:
            return None
        for rx in self.cell_regexes:
            m = rx.fullmatch(v)
            if m:
                inner = m.group("v") if "v" in rx.groupindex and m.group("v") else v
                return self.validate(inner)
        return None

    def check_column(self, values: pl.Series) -> pl.Series:
        """Vectorised ``check_cell`` over a string column.

        Returns a string Series of ``Validation`` values (null = not this
        element). The default maps ``check_cell`` over the distinct values;
        detectors on hot paths may override with a polars expression.
        """
        import polars as pl

        uniq = values.drop_nulls().unique()
        mapping = {u: self.check_cell(u) for u in uniq.to_list()}
        return values.replace_strict(
            list(mapping), [None if r is None else r.value for r in mapping.values()],
            default=None, return_dtype=pl.String,
        )
