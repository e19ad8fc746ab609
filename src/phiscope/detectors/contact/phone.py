"""Telephone numbers: US forms and international numbers with a country code.

Hyperscan patterns propose candidates ((860) 555-0123, 860-555-0123,
860.555.0123, +1 860 555 0123, 1-860-555-0123, extensions; 860 555 0123,
860 5550123 and bare 10 digits only with a phone word nearby or a phone column); the ``phonenumbers`` library
validates them (``PhoneNumberMatcher`` itself is far too slow to run on all text).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar

import phonenumbers
import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.contact._nanp import (
    Rule,
    nanp_rules,
    nanp_valid,
    nanp_valid_lengths,
    us_validity_patterns,
)
from phiscope.model import Candidate, Validation

DEFAULT_REGION = "US"
#: optional extension, then a word boundary ("860-555-0123x45", "..., ext. 12")
END = r"(?:[ \t]*,?[ \t]*(?:ext\.?|Ext\.?|EXT\.?|extension|x)[ \t]*\d{1,5})?\b"
US_PAREN = r"(?:\+?1[ .-]?)?\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}"
US_SEP = r"(?:\+1[ .-]?|\b1[ .-])?\b\d{3}[ .-]\d{3}[.-]\d{4}"
US_SPACE = r"(?:\+1[ .-]?|\b1[ .-])?\b\d{3} \d{3} \d{4}"
#: area code apart, the seven digits run together ("reached at 202 2671093")
US_3_7 = r"(?:\+1[ .-]?|\b1[ .-])?\b\d{3}[ -]\d{7}"
#: slashes, or blanks around the dashes ("(201/324/1423)", "212- 476- 8356"): only with a phone word
US_SLASH = r"\b\d{3}/\d{3}/\d{4}\b"
US_LOOSE = r"\b\d{3}(?:[ \t]-[ \t]?|-[ \t])\d{3}[ \t]?-[ \t]?\d{4}"
INTL = r"\+[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){2,6}"
BARE = r"\b1?\d{10}"
#: after a phone or fax label, any run of digits, blanks, dots, dashes and parentheses
#: (national formats of other countries: "0496 46 46 70", "(37) 788-063")
LABELLED_VALUE = r"(?:\+[ \t]?)?\(?\d+(?:[ ().-]{1,2}\d+){0,6}" + END
#: a number followed by its kind ("416 60 039 office", "(37) 788-063-Office", "555 0199 (home)"):
#: at least two groups of digits
SUFFIXED_VALUE = r"\+?\(?\d+(?:[ ().-]{1,2}\d+){1,6}"
PHONE_KINDS = r"(?:office|home|work|mobile|cell|cellphone|landline)"


def suffixed(kinds: str) -> str:
    """A number, then a blank, dash or parenthesis and one of ``kinds`` (a regex alternation),
    which ends its line or is followed by punctuation other than ``:`` and ``#`` (then it is the
    label of the next number: "Phone: 860-555-0123  Fax: 860-555-0199")."""
    return rf"(?P<v>{SUFFIXED_VALUE})[ \t]*(?:-[ \t]*|\([ \t]*)?{kinds}\b[ \t]*(?:[^:# \t\w]|$)"


#: what a number after a label or before its kind must not look like: a date
#: ("called on 12 05 2020", "12-05-2020 office visit")
_DATE_SHAPE = re.compile(r"\d{1,2}([ ./-])\d{1,2}\1\d{2,4}|\d{4}([ ./-])\d{1,2}\2\d{1,2}")
#: patterns whose match holds its own phone word
_LABELLED = frozenset({"labelled", "suffixed"})
PHONE_LABEL = (r"\b(?:phone|telephone|tel|mobile|cell|cellphone|cell[ \t]+phone|ph|pager|desk|"
               # Spanish: teléfono, tfno., tlf., móvil
               r"tel(?:é|e|É)fono|tfno|tlfno?|m(?:ó|o|Ó)vil|"
               r"home[ \t]+phone|work[ \t]+phone|contact[ \t]+number|phone[ \t]+number|"
               # "call me at", "reached him on", "not answering at", "messages to", "my registered"
               r"(?:call(?:ed)?|reach(?:ed)?|text(?:ed)?|answering|messages?|texts|sms|dial(?:ed)?)[ \t]+"
               r"(?:(?:me|him|her|them|us|you)[ \t]+)?(?:at|on|to)|"
               r"registered(?:[ \t]+(?:mobile|phone|cell|number))?)\.?"
               r"(?:[ \t]*(?:#|no\.?|number))?[ \t]*[:.]?\s{0,3}")

_PHONE_CHARS = re.compile(r"[\d\s().+\-#,/]*(?:(?:ext\.?|extension|x)\s*\d{1,5})?", re.I)
#: forms that are reported only with a phone word nearby (or when phonenumbers says valid)
_WEAK = frozenset({"us-space", "us-3-7", "us-slash", "us-loose", "bare"})
#: forms that are reported only with a phone word nearby, even when the number is valid
_WORD_ONLY = frozenset({"us-slash", "us-loose", "bare"})
#: NANP numbers in the usual cell forms, decided in polars: an optional ``+1``/``1``
#: prefix, an area code not starting with 0/1, exchange and line, separators
#: ``space . -`` and parentheses around the area code (extensions go per value)
_NANP_CELL = (r"^(?:\+1[ .-]?|1[ .-]?)?(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .-]?)[0-9]{3}[ .-]?[0-9]{4}$")
#: a plain NANP number (no extension): optional ``+1``/``1`` prefix, area code not starting
#: with 0/1, exchange and line; phonenumbers parses every such value (region US) to country
#: code 1 and the ten digits, which are always a possible number
_NANP_VALUE = re.compile(r"(?:\+1[ .-]?|1[ .-]?)?(?:\(([2-9]\d{2})\) ?|([2-9]\d{2})[ .-]?)"
                         r"(\d{3})[ .-]?(\d{4})", re.ASCII)


MEMO_SIZE = 50_000  # numbers remembered per detector instance


class Phone(Detector):
    """Phone number validated by phonenumbers (VALID: valid number; INDETERMINATE: possible)."""

    id = "phone"
    description = "Telephone number (US and +country-code forms), validated with phonenumbers"
    patterns: ClassVar[tuple[Pattern, ...]] = (
        Pattern("us-paren", US_PAREN + END, 0.6),
        Pattern("us-sep", US_SEP + END, 0.6),
        Pattern("us-space", US_SPACE + END, 0.4),
        Pattern("us-3-7", US_3_7 + END, 0.4),
        Pattern("us-slash", US_SLASH, 0.4),
        Pattern("us-loose", US_LOOSE + END, 0.4),
        Pattern("intl", INTL + END, 0.5),
        Pattern("bare", BARE + END, 0.3),
        Pattern("labelled", PHONE_LABEL + f"(?P<v>{LABELLED_VALUE})", 0.5, caseless=True),
        Pattern("suffixed", suffixed(PHONE_KINDS), 0.5, caseless=True),
    )
    context: ClassVar[tuple[str, ...]] = (
        "phone", "phone #", "phone no", "telephone", "tel", "tel.", "cell", "cellphone", "cell phone",
        "mobile", "fax", "ph", "ph.", "call", "callback", "call back", "contact", "pager", "reach",
        "text", "sms", "landline", "home phone", "work phone", "contact number", "phone number",
        "reached", "beeper", "paged",
        # a relative's number in a clinical note ("son Rob 285-482-5518", "wife (201) 324-1423")
        "son", "daughter", "dtr", "wife", "husband", "spouse", "mother", "father", "sister", "brother",
        "niece", "nephew", "family", "spokesperson",
    )
    context_boost = 0.3
    headers: ClassVar[tuple[str, ...]] = (
        r"\bphone(?:s|\d|no|num|number)?\b", r"\btel\b", r"telephone", r"\bcell\b", r"\bmobile\b", r"\bph\b",
        r"\bph (?:no|num|number)\b", r"\bcontact (?:no|num|number)\b", r"\bpager\b",
        r"\b(?:home|work|day|night|evening|primary|alt|alternate) (?:ph|no|number)\b",
    )
    value_classify_ratio = None  # bare digit columns are found by header; formatted numbers as text
    mask = MaskRule(keep_first=0, keep_last=4)

    @staticmethod
    def parse(value: str) -> phonenumbers.PhoneNumber | None:
        """The parsed number (US unless a +country code is given), or None."""
        try:
            return phonenumbers.parse(value, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            return None

    def validate(self, value: str) -> Validation:
        """VALID for a valid number, INDETERMINATE for a possible one, else INVALID.

        A number without ``+`` that is not possible in the US but has 7-15
        digits is INDETERMINATE: a national format of another country (only
        the labelled pattern yields such values).
        """
        return self._checked(value)[0]

    def normalize(self, value: str) -> str:
        """E.164 (``+18605550123``) for valid numbers and ``+`` numbers, else the digits.

        The extension is left out. A national number of another country parsed
        as US would get a wrong country code, so it keeps its digits only.
        """
        return self._checked(value)[1]

    def _checked(self, value: str) -> tuple[Validation, str]:
        """Validation and normal form from one parse (phonenumbers is slow), remembered per
        value (bounded) since the same numbers recur across a breach's files."""
        memo: dict[str, tuple[Validation, str]] = self.__dict__.setdefault("_memo", {})
        hit = memo.get(value)
        if hit is None:
            hit = self._check(value)
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[value] = hit
        return hit

    @cached_property
    def _nanp_rules(self) -> tuple[Rule, ...]:
        """The NANP validity rules (built once per detector instance)."""
        return nanp_rules()

    def _check_nanp(self, value: str) -> tuple[Validation, str] | None:
        """``_check`` of a plain NANP number without phonenumbers' parse and region lookup
        (None for any other value). Such a number is possible, so it is VALID or INDETERMINATE."""
        m = _NANP_VALUE.fullmatch(value)
        if m is None:
            return None
        national = (m.group(1) or m.group(2)) + m.group(3) + m.group(4)
        if nanp_valid(national, self._nanp_rules):
            return Validation.VALID, "+1" + national
        if value.startswith("+"):
            return Validation.INDETERMINATE, "+1" + national
        return Validation.INDETERMINATE, "".join(c for c in value if c.isdigit())

    @cached_property
    def _nanp_lengths(self) -> frozenset[int] | None:
        """Lengths of valid +1 national numbers (built once per detector instance)."""
        return nanp_valid_lengths()

    def _check_digits(self, value: str) -> tuple[Validation, str] | None:
        """``_check`` of 7-15 plain digits that cannot be a valid number (None for any other value).

        Parsed for the US, digits that start neither with 1 (country code or national prefix,
        which phonenumbers may strip) nor with the international prefix 011 are the national
        number; when no valid +1 number has that length, they are INDETERMINATE."""
        n = len(value)
        if not 7 <= n <= 15 or not (value.isascii() and value.isdigit()) or value[0] == "1":
            return None
        lengths = self._nanp_lengths
        if lengths is None or n in lengths or value.startswith("011"):
            return None
        return Validation.INDETERMINATE, value

    def _check(self, value: str) -> tuple[Validation, str]:
        fast = self._check_nanp(value) or self._check_digits(value)
        if fast is not None:
            return fast
        return self.check_with_phonenumbers(value)

    def check_with_phonenumbers(self, value: str) -> tuple[Validation, str]:
        """Validation and normal form of ``value`` with phonenumbers alone (no fast path)."""
        num = self.parse(value)
        valid = num is not None and phonenumbers.is_valid_number(num)
        possible = num is not None and not valid and phonenumbers.is_possible_number(num)
        plus = value.lstrip().startswith("+")
        if valid or (plus and possible):
            assert num is not None
            normal = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        else:
            normal = re.sub(r"\D", "", value.split("x")[0].split("ext")[0])
        if valid:
            return Validation.VALID, normal
        if possible:
            return Validation.INDETERMINATE, normal
        digits = sum(c.isdigit() for c in value)
        if not plus and 7 <= digits <= 15:
            return Validation.INDETERMINATE, normal
        return Validation.INVALID, normal

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Weak forms need context or a valid number; merely possible US numbers need context.

        A phone word in the pattern itself (a label, a kind after the number) counts as
        context; such a number shaped like a date is not one.
        """
        if cand.pattern_name in _LABELLED:
            if _DATE_SHAPE.fullmatch(cand.value.strip()):
                return None
            has_context = True
        if cand.pattern_name in _WORD_ONLY and not has_context:
            return None
        if not has_context and validation is Validation.INDETERMINATE and cand.pattern_name != "intl":
            return None
        if cand.pattern_name in _WEAK and not has_context and validation is not Validation.VALID:
            return None
        return super().score(cand, has_context, validation)

    def check_cell(self, value: str) -> Validation | None:
        """A phone number in a phone column (any format, 7-15 digits)."""
        v = value.strip()
        digits = sum(c.isdigit() for c in v)
        if not 7 <= digits <= 15 or len(v) > 40 or not _PHONE_CHARS.fullmatch(v):
            return None
        return self.validate(v)

    @cached_property
    def _us_patterns(self) -> tuple[str, str]:
        """The US validity regexes (built once per detector instance)."""
        return us_validity_patterns()

    def _with_us_valid(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """Add ``national`` (the last ten digits) and ``decided``: a printable cell in a NANP cell
        form whose number the US metadata calls valid (see ``us_validity_patterns``)."""
        general, types = self._us_patterns
        s = pl.col("v").str.strip_chars(" ")
        national = pl.col("national")
        digits = pl.col("v").str.replace_all("[^0-9]", "")
        valid = pl.col("shape") & national.str.contains(general) & national.str.contains(types)
        return (frame.with_columns(digits.str.slice(-10).alias("national"),
                                   (cols.printable() & s.str.contains(_NANP_CELL)).alias("shape"))
                .with_columns(valid.alias("decided")))

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: valid US numbers in the usual forms in polars,
        every other cell per value with phonenumbers."""
        result = pl.when(pl.col("decided")).then(pl.lit(cols.VALID)).alias("result")
        return cols.run_staged(values, lambda f: self._with_us_valid(f).with_columns(result),
                               cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column: ``+1`` and the ten digits for valid US numbers in polars."""
        e164 = pl.when(pl.col("decided")).then(pl.lit("+1") + pl.col("national")).alias("result")
        return cols.run_staged(values, lambda f: self._with_us_valid(f).with_columns(e164), self.normalize)
