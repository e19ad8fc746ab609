"""Synthetic contact details: phones, e-mails, IP addresses, URLs, credentials."""

from __future__ import annotations

import random
import string

from phiscope.simulate.values import ascii_fold

EMAIL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com",
                 "aol.com", "comcast.net", "icloud.com", "sbcglobal.net", "att.net")
#: first octets of large US ISP blocks (public, unicast)
_IP_FIRST = (24, 50, 66, 67, 68, 69, 71, 73, 74, 75, 76, 96, 97, 98, 99, 108, 173, 174)
PHONE_STYLES = ("paren", "paren", "dash", "dash", "dot", "plain", "intl", "one")


def phone(rng: random.Random, area: str) -> str:
    """Ten digits: a real area code, an exchange 2xx-9xx (no N11, no 555), any line."""
    while True:
        exchange = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
        if exchange[1:] != "11" and exchange != "555":
            return area + exchange + f"{rng.randint(0, 9999):04d}"


def fmt_phone(digits: str, style: str) -> str:
    """Render ten digits: ``(860) 247-1234``, ``860-247-1234``, ``+1 860 247 1234`` ..."""
    a, e, n = digits[:3], digits[3:6], digits[6:]
    forms = {
        "paren": f"({a}) {e}-{n}",
        "dash": f"{a}-{e}-{n}",
        "dot": f"{a}.{e}.{n}",
        "plain": digits,
        "intl": f"+1 {a} {e} {n}",
        "one": f"1-{a}-{e}-{n}",
    }
    return forms[style]


def email(rng: random.Random, first: str, last: str, birth_year: int) -> str:
    """A personal e-mail address derived from the name, like people make them."""
    f, la = ascii_fold(first).lower().replace(" ", ""), ascii_fold(last).lower().replace(" ", "")
    la = "".join(c for c in la if c.isalnum())
    yy = f"{birth_year % 100:02d}"
    local = rng.choice((f"{f}.{la}", f"{f[0]}{la}", f"{f}{la}{yy}", f"{f}.{la}{rng.randint(1, 99)}",
                        f"{la}{f[0]}", f"{f}_{la}", f"{f}{birth_year}"))
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def work_email(first: str, last: str, domain: str) -> str:
    """A staff address: first initial and surname at the organisation's domain."""
    la = "".join(c for c in ascii_fold(last).lower() if c.isalnum())
    return f"{ascii_fold(first)[0].lower()}{la}@{domain}"


def ipv4(rng: random.Random) -> str:
    """A public IPv4 address in a large US ISP block."""
    return f"{rng.choice(_IP_FIRST)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def username(rng: random.Random, first: str, last: str, birth_year: int) -> str:
    """A portal user name such as ``jdoe84`` or ``jane.doe``."""
    f = "".join(c for c in ascii_fold(first).lower() if c.isalnum())
    la = "".join(c for c in ascii_fold(last).lower() if c.isalnum())
    return rng.choice((f"{f[0]}{la}{birth_year % 100:02d}", f"{f}.{la}", f"{f}{la[0]}{rng.randint(1, 999)}",
                       f"{la}{f[0]}"))


_WORDS = ("Summer", "Winter", "Spring", "Autumn", "Yankees", "Patriots", "Bailey", "Buster",
          "Sunshine", "Dragon", "Monkey", "Charlie", "Shadow", "Lucky", "Maggie", "Tigger")


def password(rng: random.Random) -> str:
    """A password of the kinds people really choose (word+year+symbol, or random)."""
    if rng.random() < 0.6:
        return f"{rng.choice(_WORDS)}{rng.randint(1960, 2024)}{rng.choice('!#$*')}"
    pool = string.ascii_letters + string.digits + "!#$%*"
    return "".join(rng.choice(pool) for _ in range(rng.randint(9, 14)))


def portal_url(rng: random.Random, host: str, portal_id: int) -> str:
    """A patient-portal link that carries the patient's portal ID."""
    token = "".join(rng.choice("0123456789abcdef") for _ in range(16))
    path = rng.choice(("mychart/patient/{0}/results", "portal/patients/{0}/messages",
                       "mychart/visit-summary?patientId={0}"))
    sep = "&" if "?" in path else "?"
    return f"https://{host}/{path.format(portal_id)}{sep}token={token}"
