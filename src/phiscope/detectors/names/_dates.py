"""Date patterns and parsing shared by the ``date`` and ``dob`` detectors.

Assumptions (documented in docs/detectors/names.md):

* all-numeric dates are read month-first (US) when ambiguous: ``01/02/1980``
  is 2 January 1980; when the first number cannot be a month (``13/02/1980``)
  the date is read day-first;
* two-digit years: a date of birth is put in the past (``1/2/30`` -> 1930);
  any other date is put within ten years from now, else in the 1900s;
* years must lie in 1900-2100; a year alone is never a date element.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # Spanish (full names only: "ago", "dic" are no months in English text)
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
#: words between a Spanish date's parts ("15 de marzo de 2005")
_JOINERS = frozenset({"the", "of", "de", "del"})
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth")
#: ordinal words of the days of a month ("first" .. "thirty-first")
ORDINAL_WORDS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: i + 10 for i, w in enumerate(_TEENS)},
    "twentieth": 20, "thirtieth": 30,
    **{f"twenty-{w}": 21 + i for i, w in enumerate(_UNITS)},
    "thirty-first": 31,
}

# -- regex pieces (hyperscan-compatible) --------------------------------------

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
#: Spanish month names (full)
MES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre)"
#: month names in Title or UPPER case, for case-sensitive patterns
MONTH_CS = f"(?:{MONTH}|{MONTH.upper()})"
_ORD = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
_ORD_WORD = "(?:" + "|".join(sorted(ORDINAL_WORDS, key=lambda w: (-len(w), w))) + ")"
_TIME = r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"

#: full dates (day, month and year): name -> (regex, caseless)
FULL_DATES: dict[str, tuple[str, bool]] = {
    "mdy-slash": (r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b", False),
    "mdy-dash": (r"\b\d{1,2}-\d{1,2}-(?:\d{4}|\d{2})\b", False),
    "mdy-dot": (r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", False),
    "iso": (r"\b(?:19|20|21)\d{2}-\d{1,2}-\d{1,2}" + _TIME + r"\b", False),
    "ymd-slash": (r"\b(?:19|20|21)\d{2}/\d{1,2}/\d{1,2}\b", False),
    "compact": (r"\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b", False),
    "dmy-text": (rf"\b\d{{1,2}}-{MONTH}-(?:\d{{4}}|\d{{2}})\b"
                 rf"|\b\d{{1,2}}{_ORD}?(?: of)? {MONTH}\.?,? \d{{4}}\b", True),
    "mdy-text": (rf"\b{MONTH}\.?[ -]\d{{1,2}}{_ORD}?(?:,[ \t]?|[ \t-])\d{{4}}\b", True),
    # Spanish: "15 de marzo de 2005"
    "dmy-es": (rf"\b\d{{1,2}}[ \t]+de[ \t]+{MES}[ \t]+del?[ \t]+(?:19|20)\d{{2}}\b", True),
}
#: partial dates (no year, or no day), which are still date elements under Safe Harbor
PARTIAL_DATES: dict[str, tuple[str, bool]] = {
    "md-text": (rf"\b{MONTH_CS}\.? \d{{1,2}}{_ORD}?\b", False),
    "dm-text": (rf"\b\d{{1,2}}{_ORD}? {MONTH_CS}\b\.?", False),
    "ordinal-of": (rf"\b(?:the )?(?:\d{{1,2}}{_ORD}|{_ORD_WORD}) of {MONTH_CS}\b", False),
    "month-year": (rf"\b{MONTH_CS}\.?,? (?:19|20)\d{{2}}\b", False),
    # numeric month/day ("admitted 7/22") and month/year ("AMI 7/81", "3/2019"): the
    # ``names_date_partial_numeric`` filter keeps them only where they read as dates
    "md-slash": (r"\b(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])\b", False),
    # Spanish: "15 de marzo", "enero de 2007", "abril 2005"
    "dm-es": (rf"\b\d{{1,2}}[ \t]+de[ \t]+{MES}\b", True),
    "month-year-es": (rf"\b{MES}(?:[ \t]+del?)?[ \t]+(?:19|20)\d{{2}}\b", True),
    "my-slash": (r"\b(?:1[0-2]|0?[1-9])/(?:3[2-9]|[4-9]\d|(?:19|20)\d{2})\b", False),
}

# -- parsing -----------------------------------------------------------------

_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2})?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_SLASH = re.compile(r"(\d{1,2})/(\d{1,4})")
_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)?|\d+(?:st|nd|rd|th)?")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A (possibly partial) calendar date; ``year`` or ``day`` may be None."""

    year: int | None
    month: int
    day: int | None

    def iso(self) -> str:
        """ISO 8601 form: ``1980-01-02``, ``1980-01`` or ``--01-02``."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day or 0:02d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def full(self) -> bool:
        """Whether day, month and year are all known."""
        return self.year is not None and self.day is not None

    def as_date(self) -> dt.date | None:
        """The ``datetime.date`` of a full date."""
        if self.year is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


def expand_year(yy: int, past_only: bool, today: dt.date) -> int:
    """Four-digit year for a two-digit one (see the module docstring)."""
    year = 2000 + yy
    limit = today.year if past_only else today.year + 10
    return year - 100 if year > limit else year


def _make(year: int | None, month: int, day: int | None) -> ParsedDate | None:
    if not 1 <= month <= 12:
        return None
    if year is not None and not 1900 <= year <= 2100:
        return None
    if day is not None:
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= last:
            return None
    return ParsedDate(year, month, day)


def _numeric(s: str, past_only: bool, today: dt.date) -> ParsedDate | None:
    m = _YMD.fullmatch(s)
    if m:
        return _make(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = _COMPACT.fullmatch(s)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC.fullmatch(s)
    if not m:
        return None
    first, second, ytxt = int(m.group(1)), int(m.group(3)), m.group(4)
    year = int(ytxt) if len(ytxt) == 4 else expand_year(int(ytxt), past_only, today)
    if first > 12 >= second:  # cannot be month-first: read day-first
        first, second = second, first
    return _make(year, first, second)


def _day_token(tok: str) -> int | None:
    if tok in ORDINAL_WORDS:
        return ORDINAL_WORDS[tok]
    digits = tok.rstrip("stndrh")
    if digits.isdigit() and len(digits) <= 2 and (digits == tok or tok[len(digits):] in
                                                  ("st", "nd", "rd", "th")):
        return int(digits)
    return None


def _textual(s: str, past_only: bool, today: dt.date) -> ParsedDate | None:
    tokens = [t for t in _TOKEN.findall(s.lower()) if t not in _JOINERS]
    months = [i for i, t in enumerate(tokens) if t in MONTHS]
    if len(months) != 1 or len(tokens) > 3:
        return None
    mi = months[0]
    month = MONTHS[tokens[mi]]
    rest = tokens[:mi] + tokens[mi + 1:]
    year: int | None = None
    if rest and rest[-1].isdigit() and len(rest[-1]) in (2, 4) and (len(rest) == 2 or len(rest[-1]) == 4):
        ytxt = rest.pop()
        year = int(ytxt) if len(ytxt) == 4 else expand_year(int(ytxt), past_only, today)
    if len(rest) > 1:
        return None
    day = _day_token(rest[0]) if rest else None
    if (rest and day is None) or (day is None and year is None):
        return None
    return _make(year, month, day)


def _month_slash(s: str, today: dt.date) -> ParsedDate | None:
    """``7/22`` (month and day), ``7/81`` or ``7/1981`` (month and year, in the past)."""
    m = _MONTH_SLASH.fullmatch(s)
    if m is None:
        return None
    month, second = int(m.group(1)), m.group(2)
    if len(second) == 4:  # a month and year, not later than next year ("1/2048" is a titre)
        return _make(int(second), month, None) if int(second) <= today.year + 1 else None
    if len(second) == 2 and int(second) > 31:
        return _make(expand_year(int(second), True, today), month, None)
    return _make(None, month, int(second)) if len(second) <= 2 else None


def parse_date(value: str, past_only: bool = False, today: dt.date | None = None,
               month_slash: bool = False) -> ParsedDate | None:
    """Parse any supported date form; None if it is not a real calendar date. ``month_slash``:
    also the numeric partial forms month/day and month/year (prose only: in a table cell
    ``1/2`` is rarely a date)."""
    s = unicodedata.normalize("NFKC", value).strip().rstrip(".,")
    if not s:
        return None
    today = today or dt.date.today()
    if month_slash and s.count("/") == 1:
        return _month_slash(s, today)
    if (s[0].isdigit() and s[-1].isdigit()) or s.endswith("Z"):
        parsed = _numeric(s, past_only, today)
        if parsed is not None:
            return parsed
    return _textual(s, past_only, today)
