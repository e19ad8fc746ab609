"""Print the README's "Notification duties" example tables from the two seed breaches.

    .venv/bin/python scripts/obligations_examples.py > /tmp/examples.md

Individual notices are summed per residence state (the CLI lists them per recipient as well).
"""

from __future__ import annotations

from collections import defaultdict

from phiscope.obligations.engine import Evaluation, evaluate
from phiscope.obligations.seeds import ca_clinic_network, ct_health_center


def _md(rows: list[list[str]], head: list[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def obligations_table(ev: Evaluation) -> str:
    """Individual notices per state, then every other notice."""
    per_state: dict[tuple[str, str, str], int] = defaultdict(int)
    rows = []
    for n in ev.notices:
        if n.obligation == "individual notice":
            state = n.recipient.rsplit("(", 1)[1].split()[0]
            per_state[(state, n.law, n.due.isoformat() if n.due else "no fixed date")] += n.people
            continue
        v = n.row()
        rows.append(
            [
                n.obligation,
                n.law,
                n.recipient,
                f"{n.people:,}",
                str(v["due"] or "—"),
                n.when,
                str(v["verified"]),
            ]
        )
    ind = [
        ["individual notice", law, f"{state} residents", f"{k:,}", due, "earliest applicable", ""]
        for (state, law, due), k in sorted(per_state.items())
    ]
    return _md(ind + rows, ["obligation", "law", "recipient", "people", "due", "deadline", "verified"])


def calendar_table(ev: Evaluation) -> str:
    """Dated deadlines only, merged by date and event."""
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in ev.calendar():
        if r["date"] != "no fixed date" and not str(r["event"]).startswith("individual notice"):
            seen[
                (str(r["date"]), str(r["day"]), f"{r['event']} ({r['law']})" if r["law"] else str(r["event"]))
            ] += 1
    return _md([list(k) for k in seen], ["date", "day", "event"])


def main() -> None:
    """Print both examples."""
    for title, make in (("CT", ct_health_center), ("CA", ca_clinic_network)):
        inc, groups = make()
        ev = evaluate(inc, groups)
        print(f"### {title}: {inc.entity_name}, {sum(g.count for g in groups):,} people\n")
        print(obligations_table(ev) + "\n")
        print(calendar_table(ev) + "\n")
        print(f"Unverified rules used: {len(ev.unverified())}\n")


if __name__ == "__main__":
    main()
