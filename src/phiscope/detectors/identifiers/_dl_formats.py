"""Driver's license number formats of the most populous US states.

Layouts as tabulated in the public NTSI driver's-license format chart (the
table most PII tools use); the 15 most populous states plus a few with
distinctive letter+digit layouts. Regexes full-match the license number with
separators removed and letters upper-cased. Formats that are plain words (New
York's 8 letters) are left out on purpose.
"""

from __future__ import annotations

import re

_FORMATS: dict[str, tuple[str, ...]] = {
    "AZ": (r"[A-Z]\d{8,9}", r"\d{9}"),
    "CA": (r"[A-Z]\d{7}",),
    "CO": (r"\d{9}", r"[A-Z]\d{3,6}"),
    "FL": (r"[A-Z]\d{12}",),
    "GA": (r"\d{7,9}",),
    "IL": (r"[A-Z]\d{11,12}",),
    "IN": (r"[A-Z]\d{9}", r"\d{9,10}"),
    "MD": (r"[A-Z]\d{12}",),
    "MN": (r"[A-Z]\d{12}",),
    "MO": (r"[A-Z]\d{5,9}", r"[A-Z]\d{6}R", r"\d{8}[A-Z]{2}", r"\d{9}[A-Z]?"),
    "MA": (r"[A-Z]\d{8}", r"\d{9}"),
    "MI": (r"[A-Z]\d{10}", r"[A-Z]\d{12}"),
    "NC": (r"\d{5,12}",),
    "NJ": (r"[A-Z]\d{14}",),
    "NY": (r"[A-Z]\d{7}", r"[A-Z]\d{18}", r"\d{8,9}", r"\d{16}"),
    "OH": (r"[A-Z]\d{4,8}", r"[A-Z]{2}\d{3,7}", r"\d{8}"),
    "PA": (r"\d{8}",),
    "TN": (r"\d{7,9}",),
    "TX": (r"\d{7,8}",),
    "VA": (r"[A-Z]\d{8,11}", r"\d{9}"),
    "WI": (r"[A-Z]\d{13}",),
    # WA: "WDL" + 9 letters/digits since 2018; before that 5 surname + 2 initials
    # + 3 digits + 2 check characters (asterisk padding not supported).
    "WA": (r"WDL[A-Z0-9]{9}", r"[A-Z]{7}\d{3}[A-Z0-9]{2}"),
}

#: all USPS state/territory codes, for "DL (TX): ..." style labels
STATE_CODES: tuple[str, ...] = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA",
    "WA", "WV", "WI", "WY",
)
STATES: tuple[str, ...] = tuple(sorted(_FORMATS))
_ANY = re.compile("|".join(f"(?:{f})" for fs in _FORMATS.values() for f in fs))


def matches_state_format(core: str) -> bool:
    """Whether an upper-case alphanumeric license number fits any listed state's format."""
    return _ANY.fullmatch(core) is not None


def states_matching(core: str) -> list[str]:
    """The states whose formats fit ``core`` (for explanations and tests)."""
    return [s for s, fs in _FORMATS.items() if any(re.fullmatch(f, core) for f in fs)]
