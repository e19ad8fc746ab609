"""Legitimate activity: EHR chart views in shifts, analysts' and DBAs' queries, the nightly
backup (pg_dump of every table) and the nightly ETL (incremental extracts, a weekly full
extract of the patient table) — bulky but normal."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from phiscope.watch.events import EXPORT, READ, AccessEvent
from phiscope.watch.simulate.population import TABLES, Population, Staff

DAY = 86400
SCREENS = ("chart", "results", "orders", "notes", "mar", "vitals")
DB_HOST = "10.9.0.5"


def ehr_day(rng: random.Random, pop: Population, s: Staff, day0: float, day: int) -> Iterator[AccessEvent]:
    """Chart views of one staff member on one day (nothing on days off)."""
    if day % 7 not in s.days or s.role in ("analyst", "dba"):
        return
    start = day0 + day * DAY + s.start_hour * 3600 + rng.uniform(-900, 900)
    span = s.hours * 3600
    pool = pop.pools[s.unit]
    census = [pool[(day * 37 + j) % len(pool)] for j in range(60)]  # the unit's patients today
    n_pat = {"nurse": 12, "physician": 16, "clerk": 30, "billing": 35}.get(s.role, 10)
    source = census if s.role in ("nurse", "physician") else pop.patients[len(pop.vips):]
    mine = rng.sample(source, min(len(source), max(1, int(rng.gauss(n_pat, n_pat / 4)))))
    mine += rng.sample(pop.patients[len(pop.vips):], rng.randint(0, 3))  # incidental look-ups
    mine += [v for v, team in pop.vip_team.items() if s.user in team and rng.random() < 0.7]
    for p in mine:
        for _ in range(rng.randint(1, 4)):
            yield view(rng, s, start + rng.uniform(0, span), p)


def view(rng: random.Random, s: Staff, ts: float, patient: str) -> AccessEvent:
    """One chart view by staff member ``s``."""
    return AccessEvent(ts=ts, actor=s.user, action=READ, role=s.role, host=s.host,
                       object=rng.choice(SCREENS), patients=(patient,), rows=1, tool="ehr-web")


def db_day(rng: random.Random, pop: Population, day0: float, day: int) -> Iterator[AccessEvent]:
    """Analysts' and DBAs' queries on one day, then the night's backup and ETL."""
    for s in pop.staff:
        if s.role not in ("analyst", "dba") or day % 7 not in s.days:
            continue
        start = day0 + day * DAY + s.start_hour * 3600
        for _ in range(rng.randint(4, 20) if s.role == "analyst" else rng.randint(1, 6)):
            yield _query(rng, s, start + rng.uniform(0, s.hours * 3600))
    yield from _backup(rng, day0 + day * DAY + 1 * 3600 + rng.uniform(0, 600))
    yield from _etl(rng, day0 + day * DAY + 2.5 * 3600 + rng.uniform(0, 600), weekly=day % 7 == 6)


def _query(rng: random.Random, s: Staff, ts: float) -> AccessEvent:
    table = rng.choice(("public.encounters", "public.observations", "public.patients", "public.providers"))
    rows = min(int(math.exp(rng.gauss(math.log(300), 1.3))), 60_000) if s.role == "analyst" \
        else rng.randint(0, 50)
    sql = (f"SELECT * FROM {table} WHERE updated_at >= now() - interval '{rng.randint(1, 90)} days'"
           f" AND site_id = {rng.randint(1, 9)}")
    return AccessEvent(ts=ts, actor=s.user, action=READ, host=s.host, object=table, rows=rows,
                       tool=rng.choice(("psql", "DBeaver", "tableau")), command=sql)


def _backup(rng: random.Random, ts: float) -> Iterator[AccessEvent]:
    for table, rows in TABLES.items():
        ts += rows / rng.uniform(15_000, 25_000)  # pgaudit logs the COPY when it finishes
        yield AccessEvent(ts=ts, actor="svc_backup", action=EXPORT, host="10.9.0.20", object=table,
                          rows=rows + rng.randint(0, 500), tool="pg_dump",
                          command=f"COPY {table} TO stdout;")


def _etl(rng: random.Random, ts: float, weekly: bool) -> Iterator[AccessEvent]:
    for table in ("public.encounters", "public.observations", "public.patients"):
        ts += rng.uniform(60, 300)
        full = weekly and table == "public.patients"
        rows = TABLES[table] if full else int(TABLES[table] * rng.uniform(0.002, 0.006))
        sql = f"SELECT * FROM {table}" if full else f"SELECT * FROM {table} WHERE updated_at > $1"
        yield AccessEvent(ts=ts, actor="svc_etl", action=READ, host="10.9.0.21", object=table, rows=rows,
                          tool="airflow", command=sql)
