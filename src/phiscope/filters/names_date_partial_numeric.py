"""Numeric month/day and month/year forms ("7/22", "7/81") that are not dates.

In clinical prose most ``n/n`` are scores, fractions and settings: "strength 5/5", "2/6 murmur",
"pain 8/10", "1/2 tab", "CPAP/PS 10/5". A month/day is kept when its day is 13 or more (no
score, fraction or setting gets there unnamed) or written with a leading zero ("3/02", "12/07"),
when a time follows ("10/16 0930", "8/12 AM"), right after a preposition ("on", "since",
"from"), at most two words after an event ("admitted", "extubated", "F/U"...), at the start of
a line, after a time ("at 2pm 8/28") or as the end of a range ("6/30-7/2"); a month/year (the
second number over 31: "AMI 7/81") needs none. Both are dropped near a setting, score or dose
word and after a card's "exp"; a month/day alone in its cell or field is dropped too.
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
    r"(?i)\b(?:admit\w*|discharg\w*|seen|visit\w*|surgery|expired|died|deceased|death|extub\w*|"
    r"intubat\w*|placed|started|stopped|completed|returned|transferred|presented|f/?u|follow[- ]?up|appt|"
    r"appointment|dos|dod|onset|scheduled|planned|drawn|collected|done|performed|mi|cabg|cath|ptca|"
    r"stent|arrest|accident|mva|arrived|found)(?:[ \t]+[A-Za-z]+){0,2}[ \t]*[:(#-]?[ \t]*$")
#: a time right after it ("10/16 0930", "9/9 @ approx 1900", "8/12 AM")
_TIME_AFTER = re.compile(r"(?i)^[ \t]*(?:@[ \t]*)?(?:approx\.?[ \t]*)?"
                         r"(?:[0-2]\d[0-5]\d\b|\d{1,2}:\d{2}|am\b|pm\b|a\.m\.|p\.m\.)")
#: a month/day whose day is at least this is a date by itself: scores, fractions and settings
#: stop below it (5/5, 8/10, 2/6, 10/5); the few that do not (GCS 14/15, titres 1/20, acuity 6/18)
#: are named by a word before them
_DAY_ALONE = 13
#: a threshold, not a date ("IgM < 1/40", "titre >= 1/80")
_COMPARED = re.compile(r"[<>≤≥=][ \t]*$")
#: a card's expiry ("exp 05/27", "valid thru 12/29"): a month/year that is not a date of a person
_EXPIRY = re.compile(r"(?i)\b(?:exp|expires?|expiry|expiration|valid[ \t]+(?:thru|through|until)|"
                     r"good[ \t]+thru)\b\.?(?:[ \t]*date)?[ \t]*[:.]?[ \t]*$")
#: a month/day that opens a line ("\n10/16 CXR: infiltrates") or follows a time ("at 2pm 8/28")
_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*•][ \t]*)?$")
#: ... or ends a range whose start is a date by its day ("6/30-7/2"; not "up 1/3-1/2")
_RANGE_END = re.compile(r"\b\d{1,2}/(?:1[3-9]|2\d|3[01])[ \t]*-[ \t]*$")
_TIME_BEFORE = re.compile(r"(?i)(?:\b\d{1,2}(?::\d{2})?[ \t]*(?:am|pm|a\.m\.|p\.m\.)"
                          r"|(?:\bat|@)[ \t]*[0-2]\d[0-5]\d)[ \t]*$")
#: a setting, score, ratio or dose word shortly before ("CPAP/PS of 10/5", "pain 8/10")
_SETTING_BEFORE = re.compile(
    r"(?i)\b(?:c?pap|bipap|peep|psv?|vent\w*|simv|imv|a/?c|fio2|pressure support|resp\w*|abg|trial\w*|"
    r"wean\w*|h&h|h/h|hgb|hct|gestation\w*|motor|power|reflex\w*|pain|strength|"
    r"murmur|scores?|scale|gcs|apgar|grade|ratio|b/?p|rate|dose|tabs?|x|titers?|titres?|dilution|ana|"
    r"acuity|vision|va|snellen|sets?|reps?|glasgow|t[ií]tulos?)\b[^.;\n]{0,20}$")
#: what follows a score or a dose, not a date ("5/5 strength", "1/2 tab", "10/5 40%")
_NOT_AFTER = re.compile(
    r"(?i)^[ \t]*(?:strength|murmur|pain|tabs?\b|ns\b|of\b|mg|mcg|ml|cc|units?\b|grade|psv|c?pap|peep|"
    r"ps\b|bipap|rate\b|up\b|cp\b|a\b|proximal\w*|distal\w*|"
    r"-?(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|hours?|hrs?)\b|inch\w*|cm\b|mm\b|pounds?|lbs?|"
    r"kg\b|%|x\b|[,;]?[ \t]*\d+[ \t]*%|fio2|on\b|ips|breaths|"
    # an eye (acuity, colour plates: "6/14 OD"), a dose's schedule ("Lotrel 10/20 daily"), EEG's 10/20
    r"od\b|os\b|ou\b|daily|bid\b|tid\b|qid\b|qd\b|q\d|prn\b|po\b|international|system)")


def excluded(value: str, before: str, after: str) -> bool:
    """True for a month/day or month/year form that does not read as a date here."""
    m = _SHAPE.match(value)
    if m is None:
        return False
    if _SETTING_BEFORE.search(before) or _NOT_AFTER.match(after) or _COMPARED.search(before):
        return True
    tail = before[-40:]
    if _EXPIRY.search(tail):
        return True
    second = int(m.group(1))
    if len(m.group(1)) == 4 or second > 31:  # a month/year
        return False
    if not before.strip() and not after.strip():  # a cell or field of its own: no words to go by
        return True
    if second >= _DAY_ALONE or m.group(1).startswith("0") or _TIME_AFTER.match(after):
        return False
    return (_PREPOSITION.search(tail) is None and _EVENT.search(tail) is None
            and _LINE_START.search(tail) is None and _TIME_BEFORE.search(tail) is None
            and _RANGE_END.search(tail) is None)
