"""Telephone numbers: US forms and international numbers with a country code.

Hyperscan patterns propose candidates ((860) 555-0123, 860-555-0123,
860.555.0123, +1 860 555 0123, 1-860-555-0123, extensions; bare 10 digits only
with a phone word nearby or a phone column); the ``phonenumbers`` library
validates them (``PhoneNumberMatcher`` itself is far too slow to run on all text).
"""

from __future__ import annotations

import re
from typing import ClassVar

import phonenumbers

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.model import Candidate, Validation

DEFAULT_REGION = "US"
#: optional extension, then a word boundary ("860-555-0123x45", "..., ext. 12")
END = r"(?:[ \t]*,?[ \t]*(?:ext\.?|Ext\.?|EXT\.?|extension|x)[ \t]*\d{1,5})?\b"
US_PAREN = r"(?:\+?1[ .-]?)?\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}"
US_SEP = r"(?:\+1[ .-]?|\b1[ .-])?\b\d{3}[ .-]\d{3}[.-]\d{4}"
US_SPACE = r"(?:\+1[ .-]?|\b1[ .-])?\b\d{3} \d{3} \d{4}"
INTL = r"\+[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){2,6}"
BARE = r"\b1?\d{10}"
#: after a phone or fax label, any run of digits, blanks, dots, dashes and parentheses
#: (national formats of other countries: "0496 46 46 70", "(37) 788-063")
LABELLED_VALUE = r"\+?\(?\d+(?:[ ().-]{1,2}\d+){0,6}" + END
PHONE_LABEL = (r"\b(?:phone|telephone|tel|mobile|cell|cellphone|cell[ \t]+phone|ph|pager|desk|"
               r"home[ \t]+phone|work[ \t]+phone|contact[ \t]+number|phone[ \t]+number|"
               r"call[ \t]+me[ \t]+(?:at|on)|reach[ \t]+me[ \t]+at|text[ \t]+me[ \t]+at)\.?"
               r"(?:[ \t]*(?:#|no\.?|number))?[ \t]*[:.]?\s{0,3}")

_PHONE_CHARS = re.compile(r"[\d\s().+\-#,/]*(?:(?:ext\.?|extension|x)\s*\d{1,5})?", re.I)
#: forms that are reported only with a phone word nearby (or when phonenumbers says valid)
_WEAK = frozenset({"us-space", "bare"})


class Phone(Detector):
    """Phone number validated by phonenumbers (VALID: valid number; INDETERMINATE: possible)."""

    id = "phone"
    description = "Telephone number (US and +country-code forms), validated with phonenumbers"
    patterns: ClassVar[tuple[Pattern, ...]] = (
        Pattern("us-paren", US_PAREN + END, 0.6),
        Pattern("us-sep", US_SEP + END, 0.6),
        Pattern("us-space", US_SPACE + END, 0.4),
        Pattern("intl", INTL + END, 0.5),
        Pattern("bare", BARE + END, 0.3),
        Pattern("labelled", PHONE_LABEL + f"(?P<v>{LABELLED_VALUE})", 0.5, caseless=True),
    )
    context: ClassVar[tuple[str, ...]] = (
        "phone", "phone #", "phone no", "telephone", "tel", "tel.", "cell", "cellphone", "cell phone",
        "mobile", "fax", "ph", "ph.", "call", "callback", "call back", "contact", "pager", "reach",
        "text", "sms", "landline", "home phone", "work phone", "contact number", "phone number",
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
        num = self.parse(value)
        if num is not None and phonenumbers.is_valid_number(num):
            return Validation.VALID
        if num is not None and phonenumbers.is_possible_number(num):
            return Validation.INDETERMINATE
        digits = sum(c.isdigit() for c in value)
        if not value.lstrip().startswith("+") and 7 <= digits <= 15:
            return Validation.INDETERMINATE
        return Validation.INVALID

    def normalize(self, value: str) -> str:
        """E.164 (``+18605550123``) for valid numbers and ``+`` numbers, else the digits.

        The extension is left out. A national number of another country parsed
        as US would get a wrong country code, so it keeps its digits only.
        """
        num = self.parse(value)
        if num is not None and (phonenumbers.is_valid_number(num) or
                                (value.lstrip().startswith("+") and phonenumbers.is_possible_number(num))):
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        digits = re.sub(r"\D", "", value.split("x")[0].split("ext")[0])
        return digits

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Weak forms need context or a valid number; merely possible US numbers need context.

        A phone label in the pattern itself counts as context.
        """
        has_context = has_context or cand.pattern_name == "labelled"
        if cand.pattern_name == "bare" and not has_context:
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
