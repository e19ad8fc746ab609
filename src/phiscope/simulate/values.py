"""Generators of synthetic identifiers that pass the real validity rules.

Every function takes the caller's ``random.Random`` (no global random state).
Formats follow the issuing rules: SSA for SSNs and ITINs, CMS for MBIs and
HICNs, the NPPES Luhn rule for NPIs, the DEA check digit, ABA 3-7-1, Luhn
with real IIN ranges for payment cards.
"""

from __future__ import annotations

import random
import string
import unicodedata
from collections.abc import Callable

from phiscope.simulate.checksums import aba_check_digit, dea_check_digit, luhn_check_digit, npi_check_digit

#: letters CMS allows in an MBI (no S, L, O, I, B, Z)
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
#: Beneficiary Identification Codes seen after the 9 digits of a HICN
HICN_BICS = ("A", "B", "B1", "B2", "C1", "C2", "D", "D1", "E", "M", "T", "W")
ITIN_GROUPS = (*range(50, 66), *range(70, 89), 90, 91, 92, *range(94, 100))
# Known "famous" invalid SSNs (Woolworth wallet card, advertising) never generated.
_BAD_SSNS = frozenset({"078051120", "219099999", "123456789", "457555462"})


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def ssn(rng: random.Random) -> str:
    """A dashed SSN with a possibly issued area (not 000/666/9xx), group, serial."""
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        value = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if value not in _BAD_SSNS and len(set(value)) > 1:
            return f"{value[:3]}-{value[3:5]}-{value[5:]}"


#: how many SSNs ``ssn_number`` can produce: areas 001-899 but 666, groups 01-99, serials 0001-9999
SSN_SPACE = 898 * 99 * 9999


def ssn_number(k: int) -> str:
    """The ``k``-th possibly issued SSN (``0 <= k < SSN_SPACE``), dashed; distinct ``k`` give distinct SSNs.

    The handful of famous invalid SSNs map to the next number instead.
    """
    while True:
        area, rest = divmod(k % SSN_SPACE, 99 * 9999)
        group, serial = divmod(rest, 9999)
        area += 1 if area < 665 else 2  # skip 000 and 666
        value = f"{area:03d}{group + 1:02d}{serial + 1:04d}"
        if value not in _BAD_SSNS and len(set(value)) > 1:
            return f"{value[:3]}-{value[3:5]}-{value[5:]}"
        k += 1


def itin(rng: random.Random) -> str:
    """A dashed ITIN: area 9xx, group in the IRS ranges 50-65, 70-88, 90-92, 94-99."""
    return f"9{rng.randint(0, 99):02d}-{rng.choice(ITIN_GROUPS)}-{rng.randint(1, 9999):04d}"


def npi(rng: random.Random) -> str:
    """A 10-digit NPI starting with 1 (individual) or 2 (organization)."""
    first9 = rng.choice("12") + _digits(rng, 8)
    return first9 + npi_check_digit(first9)


def dea(rng: random.Random, surname: str, midlevel: bool = False) -> str:
    """A DEA number: registrant type (A/B/F/G, M for mid-levels), surname initial, 7 digits.

    The 7th digit is the DEA check digit.
    """
    initial = ascii_fold(surname)[:1].upper()
    if not initial.isalpha():
        initial = "9"  # DEA uses 9 when the registrant name starts with a digit
    first6 = _digits(rng, 6)
    kind = "M" if midlevel else rng.choice("ABFG")
    return kind + initial + first6 + dea_check_digit(first6)


def mbi(rng: random.Random) -> str:
    """A Medicare Beneficiary Identifier, 11 characters, no dashes (C A AN N A AN N A A N N)."""
    an = string.digits + MBI_LETTERS
    kinds = ("C", "A", "AN", "N", "A", "AN", "N", "A", "A", "N", "N")
    pools = {"C": "123456789", "A": MBI_LETTERS, "AN": an, "N": string.digits}
    return "".join(rng.choice(pools[k]) for k in kinds)


def dashed_mbi(value: str) -> str:
    """The MBI as printed on cards: ``1EG4-TE5-MK73``."""
    return f"{value[:4]}-{value[4:7]}-{value[7:]}"


def hicn(rng: random.Random, ssn_value: str) -> str:
    """A legacy Medicare HICN: the beneficiary's 9 SSN digits plus a BIC suffix."""
    return ssn_value.replace("-", "") + rng.choice(HICN_BICS)


_CARD_PREFIXES: dict[str, tuple[tuple[str, ...], int]] = {
    "visa": (("4",), 16),
    "mastercard": (tuple(str(p) for p in range(51, 56)) + tuple(str(p) for p in range(2221, 2721)), 16),
    "amex": (("34", "37"), 15),
    "discover": (("6011", "65"), 16),
}


def payment_card(rng: random.Random, brand: str) -> str:
    """A Luhn-valid card number (digits only) in the brand's real IIN range."""
    prefixes, length = _CARD_PREFIXES[brand]
    body = rng.choice(prefixes)
    body += _digits(rng, length - 1 - len(body))
    return body + luhn_check_digit(body)


def format_card(number: str, sep: str) -> str:
    """Group a card number as printed (4-6-5 for 15 digits, else 4-4-4-4)."""
    if len(number) == 15:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    return sep.join(groups)


def aba_routing(rng: random.Random) -> str:
    """A 9-digit routing number with a Federal Reserve prefix (01-12, 21-32) and check digit."""
    prefix = rng.choice((*range(1, 13), *range(21, 33)))
    first8 = f"{prefix:02d}" + _digits(rng, 6)
    return first8 + aba_check_digit(first8)


def bank_account(rng: random.Random) -> str:
    """A bank account number, 8 to 12 digits."""
    return rng.choice("123456789") + _digits(rng, rng.randint(7, 11))


def passport(rng: random.Random) -> str:
    """A US passport number: 9 digits (older books) or a letter and 8 digits (next-generation)."""
    if rng.random() < 0.4:
        return rng.choice("123456789") + _digits(rng, 8)
    return rng.choice("ACEFGHJKLMNPRSTUVWXYZ") + _digits(rng, 8)


def ascii_fold(text: str) -> str:
    """``Peña`` -> ``Pena``: drop accents for e-mail addresses and user names."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


#: state -> generator of a driver's license number in that state's format
_DL_FORMATS: dict[str, Callable[[random.Random], str]] = {
    "CA": lambda r: _letters(r, 1) + _digits(r, 7),
    "NY": lambda r: r.choice("123456789") + _digits(r, 8),
    "TX": lambda r: r.choice("1234") + _digits(r, 7),
    "FL": lambda r: _letters(r, 1) + _digits(r, 12),
    "CT": lambda r: r.choice("123456789") + _digits(r, 8),
    "MA": lambda r: "S" + _digits(r, 8),
    "NJ": lambda r: _letters(r, 1) + _digits(r, 14),
    "PA": lambda r: r.choice("123456789") + _digits(r, 7),
    "RI": lambda r: r.choice("123456789") + _digits(r, 6),
    "ME": lambda r: r.choice("123456789") + _digits(r, 6),
}


def drivers_license(rng: random.Random, state: str) -> tuple[str, str]:
    """(state, number) in that state's format; states without one get CT's."""
    st = state if state in _DL_FORMATS else "CT"
    number: str = _DL_FORMATS[st](rng)
    return st, number


def format_fl_license(number: str) -> str:
    """Florida licenses are often printed dashed: ``S530-460-79-321-0``."""
    return f"{number[:4]}-{number[4:7]}-{number[7:9]}-{number[9:12]}-{number[12:]}"


#: facility MRN styles: prefixed "MRN00123456", 8 digits, or an "E" and 7 digits
MRN_STYLES = ("prefixed", "numeric8", "epic")


def mrn(rng: random.Random, style: str) -> str:
    """A medical record number in one facility's style."""
    if style == "prefixed":
        return "MRN" + f"{rng.randint(1, 9_999_999):08d}"
    if style == "numeric8":
        return rng.choice("123456789") + _digits(rng, 7)
    if style == "epic":
        return "E" + rng.choice("123456789") + _digits(rng, 6)
    raise ValueError(f"unknown MRN style: {style}")


#: MRN style -> (first number, how many) of the numbers ``mrn_number`` renders
MRN_SPACE: dict[str, tuple[int, int]] = {"prefixed": (1, 9_999_999), "numeric8": (10_000_000, 90_000_000),
                                         "epic": (1_000_000, 9_000_000)}


def mrn_number(style: str, k: int) -> str:
    """The ``k``-th MRN of a style (``0 <= k <`` its space): distinct ``k`` give distinct MRNs."""
    first, size = MRN_SPACE[style]
    number = first + k % size
    return f"MRN{number:08d}" if style == "prefixed" else f"E{number}" if style == "epic" else str(number)


def member_id(rng: random.Random) -> str:
    """A health-plan member ID: a 3-letter plan prefix and 9 digits (``XGH123456789``)."""
    return _letters(rng, 3) + _digits(rng, 9)


def medicaid_id(rng: random.Random, state: str) -> str:
    """A Medicaid ID: NY CIN (``AB12345C``), CA Medi-Cal CIN (8 digits + letter), else synthetic.

    States without a well-known public format get a plausible synthetic one:
    the state code, 9 digits (``CT123456789``).
    """
    if state == "NY":
        return _letters(rng, 2) + _digits(rng, 5) + _letters(rng, 1)
    if state == "CA":
        return "9" + _digits(rng, 7) + _letters(rng, 1)
    return state + rng.choice("123456789") + _digits(rng, 8)
