"""Numeric month/day and month/year forms ("7/22", "7/81") that are not dates.

In clinical prose most ``n/n`` are scores, fractions and settings: "strength 5/5", "2/6 murmur",
"pain 8/10", "1/2 tab", "CPAP/PS 10/5". A month/day is kept only right after a preposition
("on", "since", "from") or at most two words after an event ("admitted", "extubated", "F/U"...);
a month/year (the second number over 31: "AMI 7/81") needs none. Both are dropped near a
setting, score or dose word.
"""

from __future__ import annotations

import re

APPLIES_TO = ("date",)

_SHAPE = re.compile(r"^\d{1,2}/(\d{1,4})$")
#: a preposition right before a month/day makes it a date ("on 8/9", "from 9/16 to 9/20")
_PREPOSITION = re.compile(r"(?i)\b(?:on|since|from|until|till|thru|through|to|dated?|of|at|by|before|after|"
                          r"between|and|last|next)[ \t]*[:(#-]?[ \t]*$")
#: so does an event word at most two words before ("admitted to ccu 11/23", "F/U 7/28")
_EVENT = re.compile(
    r"(?i)\b(?:admit\w*|discharg\w*|seen|visit\w*|surgery|expired|died|deceased|death|extubated|"
    r"intubated|placed|started|stopped|completed|returned|transferred|presented|f/?u|follow[- ]?up|appt|"
    r"appointment|dos|dod|onset|scheduled|planned|drawn|collected|done|performed|mi|cabg|cath|ptca|"
    r"stent)(?:[ \t]+[A-Za-z]+){0,2}[ \t]*[:(#-]?[ \t]*$")
#: a setting, score, ratio or dose word shortly before ("CPAP/PS of 10/5", "pain 8/10")
_SETTING_BEFORE = re.compile(
    r"(?i)\b(?:c?pap|bipap|peep|psv?|vent\w*|simv|imv|a/?c|fio2|pressure support|resp\w*|abg|trial\w*|"
    r"wean\w*|h&h|h/h|hgb|hct|gestation\w*|motor|power|reflex\w*|pain|strength|"
    r"murmur|score|scale|gcs|apgar|grade|ratio|b/?p|rate|dose|tabs?|x)\b[^.;\n]{0,20}$")
#: what follows a score or a dose, not a date ("5/5 strength", "1/2 tab", "10/5 40%")
_NOT_AFTER = re.compile(
    r"(?i)^[ \t]*(?:strength|murmur|pain|tabs?\b|ns\b|of\b|mg|mcg|ml|cc|units?\b|grade|psv|c?pap|peep|"
    r"ps\b|bipap|rate\b|up\b|cp\b|a\b|proximal\w*|distal\w*|"
    r"-?(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|hours?|hrs?)\b|inch\w*|cm\b|mm\b|pounds?|lbs?|"
    r"kg\b|%|x\b|[,;]?[ \t]*\d+[ \t]*%|fio2|on\b|ips|breaths)")


def excluded(value: str, before: str, after: str) -> bool:
    """True for a month/day or month/year form that does not read as a date here."""
    m = _SHAPE.match(value)
    if m is None:
        return False
    if _SETTING_BEFORE.search(before) or _NOT_AFTER.match(after):
        return True
    month_year = len(m.group(1)) == 4 or int(m.group(1)) > 31
    tail = before[-40:]
    return not month_year and _PREPOSITION.search(tail) is None and _EVENT.search(tail) is None
