"""Writing simulated events in real log formats: an EHR access CSV and pgAudit lines."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from phiscope.watch.events import EXPORT, AccessEvent

EHR_HEADER = ["access_time", "user_id", "role", "workstation", "action", "screen", "patient_mrn"]


def write_ehr_csv(events: Iterable[AccessEvent], path: Path) -> int:
    """EHR access log rows (one patient per row), in the order given."""
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(EHR_HEADER)
        for ev in events:
            w.writerow([_iso(ev.ts), ev.actor, ev.role, ev.host, "view", ev.object, ";".join(ev.patients)])
            n += 1
    return n


def write_pgaudit(events: Iterable[AccessEvent], path: Path) -> int:
    """pgAudit SESSION lines with log_rows, prefix ``%m [%p] user=%u,db=%d,app=%a,client=%h``."""
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for n, ev in enumerate(events, 1):
            f.write(pgaudit_line(ev, n))
    return n


def pgaudit_line(ev: AccessEvent, statement_id: int) -> str:
    """One pgAudit log line for a simulated database event."""
    t = dt.datetime.fromtimestamp(ev.ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    cls, cmd = ("READ", "COPY") if ev.action == EXPORT else ("READ", "SELECT")
    stmt = '"' + ev.command.replace('"', '""') + '"'
    pid = 10000 + sum(map(ord, ev.actor)) % 50000
    return (f"{t} UTC [{pid}] user={ev.actor},db=ehr,app={ev.tool},client={ev.host} LOG:  AUDIT: "
            f"SESSION,{statement_id},1,{cls},{cmd},TABLE,{ev.object},{stmt},<not logged>,{ev.rows}\n")


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
