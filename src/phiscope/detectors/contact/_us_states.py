"""US states, territories, military "states" (APO/FPO/DPO) and the 3-digit ZIP prefixes assigned to each.

The prefix ranges are the USPS sectional-center assignments (military AA/AE/AP
included). They only raise a ``city_state_zip`` from INDETERMINATE to VALID:
a mismatch never drops a finding, so a boundary exception costs nothing.
"""

from __future__ import annotations

import re

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "Virgin Islands",
    "AA": "Armed Forces Americas", "AE": "Armed Forces Europe", "AP": "Armed Forces Pacific",
}

_PREFIXES = (
    "NY:005,100-149 PR:006-007,009 VI:008 MA:010-027,055 RI:028-029 NH:030-038 ME:039-049 "
    "VT:050-054,056-059 CT:060-069 NJ:070-089 AE:090-098 PA:150-196 DE:197-199 DC:200,202-205,569 "
    "VA:201,220-246 MD:206-219 WV:247-268 NC:270-289 SC:290-299 GA:300-319,398-399 "
    "FL:320-339,341-349 AA:340 AL:350-369 TN:370-385 MS:386-397 KY:400-427 OH:430-459 IN:460-479 "
    "MI:480-499 IA:500-528 WI:530-549 MN:550-567 SD:570-577 ND:580-588 MT:590-599 IL:600-629 "
    "MO:630-658 KS:660-679 NE:680-693 LA:700-714 AR:716-729 OK:730-731,734-749 TX:733,750-799,885 "
    "CO:800-816 WY:820-831 ID:832-838 UT:840-847 AZ:850-865 NM:870-884 NV:889-898 CA:900-961 "
    "AP:962-966 HI:967-968 GU:969 OR:970-979 WA:980-994 AK:995-999"
)


def _parse_prefixes(spec: str) -> dict[str, frozenset[int]]:
    out: dict[str, frozenset[int]] = {}
    for item in spec.split():
        state, ranges = item.split(":")
        nums: set[int] = set()
        for r in ranges.split(","):
            lo, _, hi = r.partition("-")
            nums.update(range(int(lo), int(hi or lo) + 1))
        out[state] = frozenset(nums)
    return out


ZIP_PREFIXES: dict[str, frozenset[int]] = _parse_prefixes(_PREFIXES)
ASSIGNED_PREFIXES: frozenset[int] = frozenset().union(*ZIP_PREFIXES.values())
_NAME_TO_CODE = {name.casefold(): code for code, name in STATE_NAMES.items()}

#: two-letter codes and full names, for patterns (case-sensitive: "CT", "Connecticut")
STATE_CODE_RX = "(?:" + "|".join(sorted(STATE_NAMES)) + ")"
_NAMES_LONGEST_FIRST = sorted(STATE_NAMES.values(), key=len, reverse=True)
STATE_NAME_RX = "(?:" + "|".join(_NAMES_LONGEST_FIRST).replace(" ", r"[ \t]+") + ")"
ZIP_RX = r"\d{5}(?:-\d{4})?"
_ZIP = re.compile(r"(\d{5})(?:-?\d{4})?")


def state_code(text: str) -> str | None:
    """The two-letter code of a state code or name (any case), or None."""
    t = " ".join(text.replace(".", "").split())
    if t.upper() in STATE_NAMES:
        return t.upper()
    return _NAME_TO_CODE.get(t.casefold())


def zip_assigned(zip_code: str) -> bool:
    """Whether a 5- or 9-digit ZIP starts with an assigned 3-digit prefix."""
    m = _ZIP.fullmatch(zip_code.strip())
    return m is not None and int(m.group(1)[:3]) in ASSIGNED_PREFIXES


def zip_matches_state(zip_code: str, state: str) -> bool:
    """Whether a ZIP's 3-digit prefix is assigned to the state (code or name)."""
    m = _ZIP.fullmatch(zip_code.strip())
    code = state_code(state)
    if not m or code is None:
        return False
    return int(m.group(1)[:3]) in ZIP_PREFIXES.get(code, frozenset())


_STATE_OF_PREFIX: dict[int, str] = {p: s for s, ps in ZIP_PREFIXES.items() for p in ps}


def state_for_zip(zip_code: str) -> str | None:
    """The state (two-letter code) a 5- or 9-digit ZIP's 3-digit prefix is assigned to, or None."""
    m = _ZIP.fullmatch(zip_code.strip())
    return _STATE_OF_PREFIX.get(int(m.group(1)[:3])) if m else None
