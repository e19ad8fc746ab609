"""Check digits used to make synthetic identifiers valid.

Pure functions on digit strings; the generators in ``values.py`` append the
digit they compute, so every generated identifier passes the real rule.
"""

from __future__ import annotations


def luhn_check_digit(payload: str) -> str:
    """The Luhn (mod 10) digit that makes ``payload + digit`` valid."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # doubled: these sit right before the check digit
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    """True if the digit string passes the Luhn check."""
    return len(number) > 1 and number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def npi_check_digit(first9: str) -> str:
    """NPI check digit: Luhn over the card-issuer prefix ``80840`` + 9 digits."""
    return luhn_check_digit("80840" + first9)


def aba_check_digit(first8: str) -> str:
    """ABA routing check digit (weights 3, 7, 1 repeating, total mod 10 = 0)."""
    weights = (3, 7, 1, 3, 7, 1, 3, 7)
    total = sum(int(d) * w for d, w in zip(first8, weights, strict=True))
    return str((10 - total % 10) % 10)


def dea_check_digit(first6: str) -> str:
    """DEA check digit: (d1+d3+d5) + 2*(d2+d4+d6), last digit of the sum."""
    d = [int(c) for c in first6]
    return str((d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10)
