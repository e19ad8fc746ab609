"""Normalisation of identity values before matching.

* names: accents stripped (NFKD), case folded, punctuation dropped (``O'Brien``
  -> ``obrien``, ``Smith-Jones`` -> ``smithjones``); prefixes (Mr, Dr…) and
  suffixes split off; ``LAST, FIRST M`` and ``First M Last`` both read. A
  rule-based splitter (nameparser is LGPL, so not a core dependency);
* nicknames: the first name's group is the name plus its canonical forms from
  the ``nicknames`` package (Old Dominion University's hand-curated list,
  Apache-2.0), so ``Bob`` and ``Robert`` share ``robert``;
* addresses: ``usaddress-scourgify`` (USPS abbreviations, unit split off),
  ZIP cut to five digits;
* phones: E.164 and dates: ISO, by the ``phone`` and ``dob`` detectors'
  own ``normalize`` (every common date form is parsed there);
* SSNs: placeholders and known test values become None (never a merge key).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import jellyfish

PREFIXES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "madam", "fr", "hon"})
GENERATIONS = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii",
               "iv": "iv", "v": "v", "2nd": "ii", "3rd": "iii"}
CREDENTIALS = frozenset({"md", "do", "phd", "rn", "np", "pa", "dds", "dmd", "esq", "cpa", "lpn", "pac"})
#: SSNs used as placeholders or published as examples (Woolworth's wallet card, the SSA's ads).
KNOWN_TEST_SSNS = frozenset({"123456789", "078051120", "219099999", "111111111", "999999999",
                             "000000000", "987654320", "987654321", "012345678"})
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name split into normalised parts (None where unknown)."""

    first: str | None = None
    middle: str | None = None
    last: str | None = None
    suffix: str | None = None


def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces (accents and punctuation dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_ = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_ = re.sub(r"['’`]", "", ascii_).replace("-", "")
    return " ".join(_NON_WORD.sub(" ", ascii_).split())


def _strip_affixes(tokens: list[str]) -> tuple[list[str], str | None]:
    while tokens and tokens[0] in PREFIXES:
        tokens = tokens[1:]
    suffix = None
    while tokens and (tokens[-1] in GENERATIONS or tokens[-1] in CREDENTIALS):
        if tokens[-1] in GENERATIONS:
            suffix = GENERATIONS[tokens[-1]]
        tokens = tokens[:-1]
    return tokens, suffix


@lru_cache(maxsize=1 << 18)  # the same names recur in every file of a breach
def split_name(text: str) -> NameParts:
    """Split a full name (``LAST, FIRST M``, ``First M. Last Jr``) into normalised parts."""
    if "," in text:
        head, _, tail = text.partition(",")
        last_tokens, suffix = _strip_affixes(fold(head).split())
        rest, suffix2 = _strip_affixes(fold(tail).split())
        if not rest and suffix2:  # "John Smith, Jr."
            return _ordered(last_tokens, suffix2)
        if rest:
            return NameParts(rest[0], " ".join(rest[1:]) or None, "".join(last_tokens) or None,
                             suffix or suffix2)
    return _ordered(*_strip_affixes(fold(text).split()))


def _ordered(tokens: list[str], suffix: str | None) -> NameParts:
    if not tokens:
        return NameParts(suffix=suffix)
    if len(tokens) == 1:
        return NameParts(last=tokens[0], suffix=suffix)
    return NameParts(tokens[0], " ".join(tokens[1:-1]) or None, tokens[-1], suffix)


@lru_cache(maxsize=1 << 18)
def name_token(text: str) -> str | None:
    """One name part (a first- or last-name column) normalised; None when empty."""
    tokens, _ = _strip_affixes(fold(text).split())
    return "".join(tokens) or None


@cache
def _canonicals() -> dict[str, frozenset[str]]:
    from nicknames import NickNamer

    return {k: frozenset(v) for k, v in NickNamer().canonical_lookup.items()}


@lru_cache(maxsize=1 << 18)  # the same names recur in most mentions of a breach
def first_name_group(first: str | None) -> tuple[str, ...] | None:
    """The first name and its canonical forms (sorted), for nickname-aware comparison."""
    if not first:
        return None
    return tuple(sorted({first, *_canonicals().get(first, ())}))


@lru_cache(maxsize=1 << 18)
def phonetic(name: str | None) -> str | None:
    """NYSIIS key of a normalised name part (None when empty)."""
    return jellyfish.nysiis(name) if name else None


def clean_ssn(digits: str | None) -> str | None:
    """Nine SSN digits, or None for placeholders, known test values and impossible numbers."""
    if not digits or len(digits) != 9 or not digits.isdigit():
        return None
    if digits in KNOWN_TEST_SSNS or len(set(digits)) == 1:
        return None
    if digits[:3] in ("000", "666") or digits[0] == "9" or digits[3:5] == "00" or digits[5:] == "0000":
        return None
    return digits


@dataclass(frozen=True, slots=True)
class Address:
    """A standardised US address: ``street`` (USPS abbreviations), ``unit``, city, state, ZIP5."""

    street: str | None = None
    unit: str | None = None
    city: str | None = None
    state: str | None = None
    zip5: str | None = None

    def display(self) -> str | None:
        """One-line mailing form, or None when there is no street."""
        if not self.street:
            return None
        tail = " ".join(p for p in (self.state, self.zip5) if p)
        return ", ".join(p for p in (self.street, self.unit, self.city, tail) if p)


#: the same addresses recur in every file of a breach, in documents far apart, and parsing one costs
#: ~0.3 ms: the cache holds a million-patient case's distinct addresses (about a million; at most
#: ~1.4 GB a process when full). With 200,000 entries a million-patient case parsed each address
#: about four times (measured at 10,000 patients with every cache a hundredth of its size: 38,711
#: parses instead of 10,214)
@lru_cache(maxsize=1 << 21)
def standardize_address(street: str | None, city_line: str | None) -> Address:
    """Standardise a street line and a ``City, ST 12345`` line (either may be missing)."""
    from scourgify import normalize_address_record  # type: ignore[import-untyped]
    from scourgify.exceptions import AddressNormalizationError  # type: ignore[import-untyped]

    text = ", ".join(p for p in (street, city_line) if p)
    if not text:
        return Address()
    try:
        rec = normalize_address_record(text) if street else None
    except (AddressNormalizationError, ValueError, KeyError, TypeError):
        rec = None
    if rec:
        return _with_state(Address(rec.get("address_line_1"), rec.get("address_line_2"), rec.get("city"),
                                   _state(rec.get("state")), _zip5(rec.get("postal_code"))))
    return _with_state(_city_line(city_line or "", fold(street).upper() if street else None))


def _state(text: str | None) -> str | None:
    """A state code, only when it really is one (the address parser may call a city a state)."""
    from phiscope.detectors.contact._us_states import state_code

    return state_code(text) if text else None


def _with_state(a: Address) -> Address:
    """An address whose missing state is taken from its ZIP (USPS 3-digit prefixes): tables
    often hold City and ZIP but no state column, and residence decides which laws apply."""
    from phiscope.detectors.contact._us_states import state_for_zip

    if a.state is None and a.zip5:
        return Address(a.street, a.unit, a.city, state_for_zip(a.zip5), a.zip5)
    return a


_ZIP_AT_END = re.compile(r"(\d{5})(?:-?\d{4})?\s*$")


def _city_line(text: str, street: str | None) -> Address:
    """``City, ST 12345`` with any part missing (a city, a ZIP or a state alone)."""
    from phiscope.detectors.contact._us_states import STATE_NAMES

    rest = text.strip()
    zip5 = None
    if m := _ZIP_AT_END.search(rest):
        zip5, rest = m.group(1), rest[:m.start()].strip()
    state = None
    tokens = rest.replace(",", " , ").split()
    if tokens and tokens[-1].upper() in STATE_NAMES and (len(tokens) == 1 or tokens[-2] == ","
                                                        or tokens[-1].isupper()):
        state, tokens = tokens[-1].upper(), tokens[:-1]
    city = fold(" ".join(t for t in tokens if t != ",")).upper() or None
    return Address(street, None, city, state, zip5)


def _zip5(code: str | None) -> str | None:
    digits = re.sub(r"\D", "", code or "")
    return digits[:5] if len(digits) >= 5 else None
