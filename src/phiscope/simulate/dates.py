"""Date rendering in the formats real exports use (locale-independent)."""

from __future__ import annotations

import random
from datetime import date, timedelta

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: style name -> example for 2 January 1980
STYLES: dict[str, str] = {
    "mdy": "01/02/1980",
    "mdy_short": "1/2/1980",
    "iso": "1980-01-02",
    "dmon": "02-Jan-1980",
    "compact": "19800102",
    "long": "January 2, 1980",
    "mdy_dash": "01-02-1980",
}
#: more styles real systems write (kept apart from ``STYLES``, which other tests enumerate)
EXTRA_STYLES: dict[str, str] = {
    "mdy2": "01/02/80",
    "sql": "1980-01-02 00:00:00",
}


def fmt_date(d: date, style: str) -> str:
    """Render ``d`` in one of ``STYLES`` or ``EXTRA_STYLES``."""
    if style == "mdy":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "mdy_short":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "dmon":
        return f"{d.day:02d}-{MONTHS[d.month - 1][:3]}-{d.year}"
    if style == "compact":
        return f"{d.year}{d.month:02d}{d.day:02d}"
    if style == "long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "mdy_dash":
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    if style == "mdy2":
        return f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}"
    if style == "sql":
        return f"{d.isoformat()} 00:00:00"
    raise ValueError(f"unknown date style: {style}")


#: the period the breached records cover (visits, collections, letters)
PERIOD_START = date(2023, 10, 2)
PERIOD_DAYS = 180


def service_date(rng: random.Random) -> date:
    """A weekday inside the breach period (visit, lab collection, letter)."""
    d = PERIOD_START + timedelta(days=rng.randrange(PERIOD_DAYS))
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def birth_date(rng: random.Random) -> date:
    """A date of birth for ages roughly 1 to 95, skewed to adults."""
    age = rng.choice((rng.randint(1, 17), rng.randint(18, 64), rng.randint(18, 64), rng.randint(65, 95)))
    start = date(2024, 1, 1) - timedelta(days=365 * age + 364)
    return start + timedelta(days=rng.randrange(365))
