"""Bar charts and the deadline timeline (matplotlib, rendered to inline SVG)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

import matplotlib

from phiscope.report.svg import BLUE, RC, new_figure, to_svg


def bar_svg(labels: Sequence[str], values: Sequence[int], title: str, xlabel: str) -> str:
    """A horizontal bar chart, largest on top, each bar labelled with its value."""
    n = max(len(labels), 1)
    with matplotlib.rc_context(RC):
        fig = new_figure(7.5, 0.8 + 0.24 * n)
        ax = fig.add_subplot()
        y = list(range(len(labels)))[::-1]
        bars = ax.barh(y, list(values), color=BLUE)
        ax.set_yticks(y, list(labels))
        ax.bar_label(bars, labels=[f"{v:,}" for v in values], padding=3, fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_title(title, loc="left", fontsize=10)
        ax.margins(x=0.12)
    return to_svg(fig, title)


def timeline_svg(calendar: Sequence[dict[str, Any]], title: str = "Deadlines from discovery") -> str:
    """Each deadline date as a line from day 0 to its day, labelled with what falls due, in date order."""
    events = by_date(calendar)
    n = max(len(events), 1)
    with matplotlib.rc_context(RC):
        fig = new_figure(7.5, 0.9 + 0.26 * n)
        ax = fig.add_subplot()
        for i, ev in enumerate(events):
            y = n - 1 - i
            day = int(ev["day"])
            ax.plot([0, day], [y, y], color="#b9cfe0", linewidth=2, zorder=1)
            ax.scatter([day], [y], color="#c0392b" if day else BLUE, s=22, zorder=2)
            ax.text(day + 1, y, f"{ev['date']}  {_short(str(ev['event']))}", va="center", fontsize=7.5)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        last = max((int(e["day"]) for e in events), default=1)
        ax.set_xlim(-2, last * 1.9 + 10)
        ax.set_ylim(-0.8, n - 0.2)
        ax.set_xlabel("days after discovery")
        ax.set_title(title, loc="left", fontsize=10)
    return to_svg(fig, title)


def by_date(calendar: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated events grouped per date: ``individual notice ×40; HHS notice`` (kinds in order of first use)."""
    groups: dict[str, dict[str, Any]] = {}
    for c in calendar:
        if not isinstance(c.get("day"), int):
            continue
        g = groups.setdefault(str(c["date"]), {"date": c["date"], "day": c["day"], "kinds": Counter()})
        g["kinds"][str(c["event"]).split(":")[0]] += 1
    return [{"date": g["date"], "day": g["day"],
             "event": "; ".join(k if n == 1 else f"{k} ×{n}" for k, n in g["kinds"].items())}
            for g in groups.values()]


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def day_of(date: str, discovered: str) -> int | None:
    """Days from discovery to an ISO date (None when either is not a date)."""
    try:
        return (dt.date.fromisoformat(date) - dt.date.fromisoformat(discovered)).days
    except ValueError:
        return None
