"""Deadline arithmetic. Business days skip Saturdays and Sundays only: public holidays are ignored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phiscope.obligations.incident import Incident
from phiscope.obligations.schema import Deadline

HOLIDAYS_NOTE = "business days skip weekends only; public holidays are not counted out"


def add_days(start: dt.date, days: int, unit: str) -> dt.date:
    """``days`` calendar or business days after ``start``."""
    if unit != "business_days":
        return start + dt.timedelta(days=days)
    d, left = start, days
    while left > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            left -= 1
    return d


@dataclass(frozen=True)
class Anchors:
    """Dates deadlines are counted from (None = not known yet)."""

    discovered: dt.date
    individual_notice: dt.date | None = None
    hhs_notice: dt.date | None = None


def due(d: Deadline, at: Anchors) -> dt.date | None:
    """The due date of a deadline, or None when it has no fixed day count or its anchor is unknown."""
    if d.anchor == "before_individual_notice":
        return at.individual_notice
    if d.anchor == "year_end":
        start: dt.date | None = dt.date(at.discovered.year, 12, 31)
    else:
        start = {
            "discovery": at.discovered,
            "individual_notice": at.individual_notice,
            "hhs_notice": at.hhs_notice,
        }.get(d.anchor)
    if start is None or d.days is None:
        return at.individual_notice if d.or_individual_notice and d.days is None else None
    out = add_days(start, d.days, d.unit)
    if d.or_individual_notice and at.individual_notice is not None:
        out = min(out, at.individual_notice)
    return out


def delay_end(inc: Incident, oral_max_days: int | None) -> dt.date | None:
    """When the law-enforcement delay ends (oral requests capped at ``oral_max_days`` if given)."""
    le = inc.le_delay
    if le is None:
        return None
    if le.kind == "written" or oral_max_days is None:
        return le.until
    cap = le.requested + dt.timedelta(days=oral_max_days or 0)
    return min(cap, le.until) if le.until else cap


def apply_delay(
    base: dt.date | None, inc: Incident, end: dt.date | None, resume: tuple[int, str] | None
) -> dt.date | None:
    """A due date after a law-enforcement delay.

    With a resume period (Maine: 7 business days after clearance) the notice is due that long after
    the delay ends, never earlier than the original deadline. Without one, the clock is tolled for
    the length of the delay (phiscope's reading; the laws say "promptly after" the delay ends).
    """
    if base is None or inc.le_delay is None or end is None or inc.le_delay.requested > base:
        return base
    if resume is not None:
        return max(base, add_days(end, resume[0], resume[1]))
    return base + (end - inc.le_delay.requested)
