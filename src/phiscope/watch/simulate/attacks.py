"""The injected attacks, each with its ground truth (who, when, what left)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from phiscope.watch.events import EXPORT, READ, AccessEvent
from phiscope.watch.simulate.normal import DAY, SCREENS
from phiscope.watch.simulate.population import TABLES, Population, Staff

CHUNK_TOTAL = 1_060_936


@dataclass
class Scenario:
    """One attack: its events and the truth the scorer needs."""

    kind: str
    actor: str
    events: list[AccessEvent] = field(default_factory=list)
    measure: str = "rows"  # what "exposed" counts: rows or distinct patients

    @property
    def start(self) -> float:
        """Time of the first attack event."""
        return self.events[0].ts

    @property
    def end(self) -> float:
        """Time of the last attack event."""
        return self.events[-1].ts

    def truth(self) -> dict[str, Any]:
        """JSON-ready ground truth, with the cumulative exposure timeline."""
        seen: set[str] = set()
        timeline = []
        for ev in self.events:
            seen.update(ev.patients)
            timeline.append([ev.ts, ev.rows, len(seen)])
        return {"kind": self.kind, "actor": self.actor, "start": self.start, "end": self.end,
                "measure": self.measure, "rows": sum(e.rows for e in self.events),
                "patients": len(seen), "timeline": timeline}


def _pick(rng: random.Random, pop: Population, role: str, night: bool | None = None) -> Staff:
    cands = [s for s in pop.staff if s.role == role and (night is None or (s.start_hour >= 18) == night)]
    return rng.choice(cands)


def chunked_export(rng: random.Random, pop: Population, day0: float, day: int) -> Scenario:
    """A stolen analyst credential pages through the patient table, 5,000 rows a query,
    from a host the analyst never used."""
    s = _pick(rng, pop, "analyst")
    ts = day0 + day * DAY + rng.uniform(10, 16) * 3600
    sc = Scenario("chunked-export", s.user)
    done, last_id, host = 0, 0, f"10.77.{rng.randint(1, 250)}.{rng.randint(2, 250)}"
    while done < CHUNK_TOTAL:
        n = min(5000, CHUNK_TOTAL - done)
        sql = f"SELECT * FROM public.patients WHERE patient_id > {last_id} ORDER BY patient_id LIMIT 5000"
        sc.events.append(AccessEvent(ts=ts, actor=s.user, action=READ, host=host, object="public.patients",
                                     rows=n, tool="psql", command=sql))
        done, last_id = done + n, last_id + n
        ts += rng.uniform(8, 40)
    return sc


def low_and_slow(rng: random.Random, pop: Population, day0: float, day: int, days: int = 4) -> Scenario:
    """A day-shift nurse opens 60-120 extra charts a day, spread over her shifts, for days."""
    s = _pick(rng, pop, "nurse", night=False)
    sc = Scenario("low-and-slow", s.user, measure="patients")
    per_day = rng.randint(60, 120)
    pool = pop.patients[len(pop.vips):]
    targets = rng.sample(pool, min(len(pool), per_day * days))
    k = 0
    for d in range(day, day + days):
        start = day0 + d * DAY + (s.start_hour + 1) * 3600
        for t in sorted(rng.uniform(0, (s.hours - 2) * 3600) for _ in range(per_day)):
            patient = targets[k % len(targets)]
            sc.events.append(AccessEvent(ts=start + t, actor=s.user, action=READ, role=s.role, host=s.host,
                                         object=rng.choice(SCREENS), patients=(patient,), rows=1,
                                         tool="ehr-web"))
            k += 1
    return sc


def off_hours_dump(rng: random.Random, pop: Population, day0: float, day: int) -> Scenario:
    """A DBA account runs pg_dump of every table at night, from its usual workstation."""
    s = _pick(rng, pop, "dba")
    ts = day0 + day * DAY + rng.uniform(2.0, 3.5) * 3600
    sc = Scenario("off-hours-dump", s.user)
    for table, rows in TABLES.items():
        ts += rows / rng.uniform(15_000, 25_000)
        sc.events.append(AccessEvent(ts=ts, actor=s.user, action=EXPORT, host=s.host, object=table, rows=rows,
                                     tool="pg_dump", command=f"COPY {table} TO stdout;"))
    return sc


def vip_snooping(rng: random.Random, pop: Population, day0: float, day: int) -> Scenario:
    """A registration clerk opens the charts of two or three VIP patients during a shift."""
    s = rng.choice([x for x in pop.staff if x.role == "clerk" and day % 7 in x.days] or
                   [x for x in pop.staff if x.role == "clerk"])
    start = day0 + day * DAY + (s.start_hour + 2) * 3600
    sc = Scenario("vip-snooping", s.user, measure="patients")
    ts = start + rng.uniform(0, 4 * 3600)
    for vip in rng.sample(pop.vips, rng.randint(2, 3)):
        for _ in range(rng.randint(1, 3)):
            ts += rng.uniform(20, 300)
            sc.events.append(AccessEvent(ts=ts, actor=s.user, action=READ, role=s.role, host=s.host,
                                         object=rng.choice(SCREENS), patients=(vip,), rows=1, tool="ehr-web"))
    return sc
