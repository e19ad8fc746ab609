"""Independent validity rules for every element slug (not phiscope's detectors).

Each check takes the value string exactly as written and says whether a real
validator should accept it.
"""

from __future__ import annotations

import ipaddress
import re
import warnings
from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import urlparse

import phonenumbers

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as icd

ELEMENTS = frozenset({
    "ssn", "person_name", "dob", "date", "street_address", "city_state_zip", "phone", "email",
    "ip_address", "url", "mrn", "health_plan_member_id", "medicaid_id", "medicare_mbi", "medicare_hicn",
    "npi", "dea", "drivers_license", "passport", "itin", "payment_card", "bank_account", "aba_routing",
    "icd10_diagnosis", "username_password",
})


def luhn(number: str) -> bool:
    """Standard Luhn: double every second digit from the right."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def ssn_ok(value: str) -> bool:
    m = re.fullmatch(r"(\d{3})-?(\d{2})-?(\d{4})", value)
    if not m or ("-" in value and value.count("-") != 2):
        return False
    area, group, serial = m.groups()
    return area not in ("000", "666") and area < "900" and group != "00" and serial != "0000"


def itin_ok(value: str) -> bool:
    m = re.fullmatch(r"9\d{2}-?(\d{2})-?\d{4}", value)
    if not m:
        return False
    g = int(m.group(1))
    return 50 <= g <= 65 or 70 <= g <= 88 or 90 <= g <= 92 or 94 <= g <= 99


def npi_ok(value: str) -> bool:
    return bool(re.fullmatch(r"[12]\d{9}", value)) and luhn("80840" + value)


def dea_ok(value: str) -> bool:
    if not re.fullmatch(r"[ABFGM][A-Z9]\d{7}", value):
        return False
    d = [int(c) for c in value[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


_MBI_A = "[AC-HJKMNP-RT-Y]"
_MBI_AN = "[AC-HJKMNP-RT-Y0-9]"
_MBI = re.compile(rf"[1-9]{_MBI_A}{_MBI_AN}\d{_MBI_A}{_MBI_AN}\d{_MBI_A}{_MBI_A}\d\d")


def mbi_ok(value: str) -> bool:
    if "-" in value and not re.fullmatch(r"\w{4}-\w{3}-\w{4}", value):
        return False
    return bool(_MBI.fullmatch(value.replace("-", "")))


def hicn_ok(value: str) -> bool:
    m = re.fullmatch(r"(\d{9})(A|B|B1|B2|C1|C2|D|D1|E|M|T|W)", value)
    return bool(m) and ssn_ok(m.group(1))  # type: ignore[union-attr]


_IIN = ((r"4", 16), (r"5[1-5]", 16), (r"2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)", 16), (r"3[47]", 15),
        (r"6011|65", 16))


def card_ok(value: str) -> bool:
    digits = re.sub(r"[ -]", "", value)
    if not digits.isdigit() or not luhn(digits):
        return False
    return any(re.match(prefix, digits) and len(digits) == n for prefix, n in _IIN)


def aba_ok(value: str) -> bool:
    if not re.fullmatch(r"\d{9}", value) or not (1 <= int(value[:2]) <= 12 or 21 <= int(value[:2]) <= 32):
        return False
    d = [int(c) for c in value]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


_DL = (r"[A-Z]\d{7}", r"\d{9}", r"\d{8}", r"[A-Z]\d{12}", r"S\d{8}", r"[A-Z]\d{14}", r"\d{7}")


def icd_ok(value: str) -> bool:
    code = value if "." in value or len(value) <= 3 else value[:3] + "." + value[3:]
    return bool(icd.is_valid_item(code) and icd.is_leaf(code))


def phone_ok(value: str) -> bool:
    num = phonenumbers.parse(value, "US")
    national = str(num.national_number)
    return phonenumbers.is_valid_number(num) and national[3:6] != "555"


_DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%d-%b-%Y", "%Y%m%d", "%B %d, %Y", "%m-%d-%Y", "%Y-%m-%d %H:%M:%S",
                 "%Y-%m-%dT%H:%M:%SZ")


def parse_date(value: str) -> date | None:
    """A date in one of the corpus formats (month names in English)."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d\d/\d\d/\d\d", value):  # two-digit year: 20yy when that is not in the future
        d = datetime.strptime(value, "%m/%d/%y").date()
        return d if d.year <= 2024 else d.replace(year=d.year - 100)
    return None


def dob_ok(value: str) -> bool:
    d = parse_date(value)
    return d is not None and date(1920, 1, 1) <= d <= date(2024, 4, 1)


def date_ok(value: str) -> bool:
    d = parse_date(value)
    return d is not None and date(2021, 1, 1) <= d <= date(2024, 12, 31)  # dates of death go back further


def url_ok(value: str) -> bool:
    u = urlparse(value)
    return u.scheme == "https" and "." in u.netloc and " " not in value


_SUFFIX = (r"(St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Blvd|Boulevard|Ct|Court|Pl|Place|Way|Ter|Terrace"
           r"|Cir|Circle)")
_CREDENTIAL = r"\S{4,64}"  # a username or a password, each recorded on its own
# addresses abroad in their local forms (Toronto, Montreal, Santo Domingo, Mexico City, London, Lisbon)
_FOREIGN_STREET = (r"\d+ [A-Z][a-z]+ (?:St|Road)|\d+ rue [A-Z][a-z]+|Calle [A-Z][a-z]+ #?\d+"
                   r"|Rua [A-Z][a-z]+ \d+")
_POSTCODE = r"[A-Z0-9][A-Z0-9 -]{2,8}"
_PLACE = r"[^\W\d_][^\W\d_ .'-]*(?: [^\W\d_]+)*"
_FOREIGN_LINE = rf"{_PLACE}(?: [A-Z]{{2,4}})? {_POSTCODE}, {_PLACE}"

CHECKS: dict[str, Callable[[str], bool]] = {
    "ssn": ssn_ok,
    "itin": itin_ok,
    "npi": npi_ok,
    "dea": dea_ok,
    "medicare_mbi": mbi_ok,
    "medicare_hicn": hicn_ok,
    "payment_card": card_ok,
    "aba_routing": aba_ok,
    "bank_account": lambda v: bool(re.fullmatch(r"[1-9]\d{7,11}", v)),
    "passport": lambda v: bool(re.fullmatch(r"[1-9]\d{8}|[A-Z]\d{8}", v)),
    "drivers_license": lambda v: any(re.fullmatch(p, v) for p in _DL),
    "mrn": lambda v: bool(re.fullmatch(r"MRN\d{8}|[1-9]\d{7}|E[1-9]\d{6}", v)),
    "health_plan_member_id": lambda v: bool(re.fullmatch(r"[A-Z]{3}\d{9}", v)),
    "medicaid_id": lambda v: bool(re.fullmatch(r"[A-Z]{2}\d{5}[A-Z]|9\d{7}[A-Z]|[A-Z]{2}[1-9]\d{8}", v)),
    "icd10_diagnosis": icd_ok,
    "email": lambda v: bool(re.fullmatch(r"[a-z0-9._]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}", v)),
    "phone": phone_ok,
    "ip_address": lambda v: ipaddress.ip_address(v).is_global,
    "url": url_ok,
    "dob": dob_ok,
    "date": date_ok,
    "person_name": lambda v: bool(re.fullmatch(r"[^\W\d_]+(?:[ ,.'-]+[^\W\d_]+)*\.?", v)),
    "street_address": lambda v: bool(re.fullmatch(rf"\d+ (?:[NSEW] )?[A-Z][a-z]+ {_SUFFIX}(?:,? .+)?", v)
                                          or re.fullmatch(_FOREIGN_STREET, v)),
    "city_state_zip": lambda v: bool(re.fullmatch(r"[A-Za-z .]+, [A-Z]{2} \d{5}|\d{5}|[A-Za-z .]+", v)
                                          or re.fullmatch(_FOREIGN_LINE, v)
                                          or re.fullmatch(rf"{_PLACE}, (?:[A-Z]{{2,4}} )?{_POSTCODE}", v)
                                          or re.fullmatch(rf"{_POSTCODE}|{_PLACE}", v)),
    "username_password": lambda v: bool(re.fullmatch(_CREDENTIAL, v)),
}
