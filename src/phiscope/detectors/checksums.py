"""Check-digit and structure rules shared by detectors.

Pure functions on strings. Each returns False (never raises) for input of the
wrong length or with unexpected characters, so detectors can call them on any
candidate.
"""

from __future__ import annotations

import re

#: letters CMS never uses in a Medicare Beneficiary Identifier (look like digits)
_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
_MBI_ALNUM = "[AC-HJKMNP-RT-Y0-9]"
_MBI = re.compile(
    f"[1-9]{_MBI_LETTER}{_MBI_ALNUM}[0-9]{_MBI_LETTER}{_MBI_ALNUM}[0-9]{_MBI_LETTER}{_MBI_LETTER}[0-9][0-9]"
)
_DEA_FIRST = frozenset("ABCDEFGHJKLMPRSTUX")
_ABA_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)


def luhn_check_digit(payload: str) -> str:
    """The Luhn (mod 10) digit that makes ``payload + digit`` valid.

    ``payload`` must be all ASCII digits (``ValueError`` otherwise).
    """
    if not payload.isascii() or not payload.isdigit():
        raise ValueError("payload must be ASCII digits")
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(digits: str) -> bool:
    """True if an all-digit string (at least 2 digits) passes the Luhn check."""
    if len(digits) < 2 or not digits.isascii() or not digits.isdigit():
        return False
    return luhn_check_digit(digits[:-1]) == digits[-1]


def npi_valid(npi: str) -> bool:
    """National Provider Identifier: 10 digits, first 1 or 2, Luhn over ``80840`` + NPI."""
    return len(npi) == 10 and npi[:1] in ("1", "2") and luhn_valid("80840" + npi)


def dea_valid(dea: str) -> bool:
    """DEA registration number: registrant-type letter, second letter or 9, 7 digits.

    Check: ``(d1 + d3 + d5) + 2 * (d2 + d4 + d6)`` ends in ``d7``. Case-insensitive.
    """
    dea = dea.upper()
    if len(dea) != 9 or dea[0] not in _DEA_FIRST:
        return False
    second, digits = dea[1], dea[2:]
    if not (("A" <= second <= "Z") or second == "9") or not digits.isascii() or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def aba_valid(routing: str) -> bool:
    """ABA routing transit number: 9 digits, weights 3-7-1, sum divisible by 10."""
    if len(routing) != 9 or not routing.isascii() or not routing.isdigit() or routing == "0" * 9:
        return False
    return sum(int(c) * w for c, w in zip(routing, _ABA_WEIGHTS, strict=True)) % 10 == 0


def mbi_valid(mbi: str) -> bool:
    """Medicare Beneficiary Identifier format (CMS): 11 characters, dashes optional.

    Positions 1 (1-9), 4, 7, 10, 11 are digits; 2, 5, 8, 9 letters other than
    S, L, O, I, B, Z; 3 and 6 a digit or such a letter. Dashes are only accepted
    in the printed 4-3-4 layout (``1EG4-TE5-MK73``). Case-insensitive.
    """
    mbi = mbi.upper()
    if "-" in mbi:
        parts = mbi.split("-")
        if [len(p) for p in parts] != [4, 3, 4]:
            return False
        mbi = "".join(parts)
    return _MBI.fullmatch(mbi) is not None


def ssn_structure_valid(digits: str) -> bool:
    """SSA issuance rules for 9 SSN digits: area not 000, 666 or 900-999, group not
    00, serial not 0000."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area < "900" and group != "00" and serial != "0000"
