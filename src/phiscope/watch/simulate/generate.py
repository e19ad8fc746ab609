"""``phiscope watch simulate``: a seeded, deterministic hospital's audit logs with attacks."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError
from phiscope.watch.events import AccessEvent
from phiscope.watch.simulate import attacks, privacy
from phiscope.watch.simulate.attacks import Scenario
from phiscope.watch.simulate.normal import db_day, ehr_day
from phiscope.watch.simulate.population import Population, make_population
from phiscope.watch.simulate.registry import Registry, make_registry, write_directories
from phiscope.watch.simulate.writers import write_ehr_csv, write_pgaudit

START = dt.datetime(2024, 3, 4, tzinfo=dt.UTC).timestamp()  # a Monday
EHR_FILE, DB_FILE, TRUTH_FILE, CONFIG_FILE = "ehr_access.csv", "postgresql.log", "truth.json", "watch.toml"
STAFF_FILE, PATIENT_FILE = "staff.csv", "patients.csv"


def generate(out: str | Path, *, seed: int = 0, days: int = 14, users: int = 300,
             train_days: int = 7) -> dict[str, Any]:
    """Write the logs, ``directory.csv``, ``staff.csv``, ``patients.csv``, ``vip.txt``,
    ``watch.toml`` and ``truth.json`` into ``out``; return the truth (scenarios with
    exposure timelines)."""
    if users < 20 or days < train_days + 5 or train_days < 5:
        raise UsageError("watch simulate needs --users >= 20, and --days >= 12 (7 days learn, 5 attack)")
    rng = random.Random(seed)
    pop = make_population(rng, users)
    ehr: list[AccessEvent] = []
    db: list[AccessEvent] = []
    for day in range(days):
        for s in pop.staff:
            ehr.extend(ehr_day(rng, pop, s, START, day))
        db.extend(db_day(rng, pop, START, day))
    first = train_days  # attacks start after the learning period, on different days
    scenarios = [attacks.chunked_export(rng, pop, START, first + rng.randint(0, 1)),
                 attacks.low_and_slow(rng, pop, START, first + rng.randint(0, 1)),
                 attacks.off_hours_dump(rng, pop, START, first + rng.randint(1, 3)),
                 attacks.vip_snooping(rng, pop, START, first + rng.randint(0, 3))]
    reg, more = _privacy(seed, pop, days, first, {sc.actor for sc in scenarios}, ehr)
    scenarios += more
    for sc in scenarios:
        (ehr if sc.measure == "patients" else db).extend(sc.events)
    for ev in (*ehr, *db):
        ev.ts = round(ev.ts, 3)  # the logs keep milliseconds; the truth must agree
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    ehr.sort(key=lambda e: e.ts)
    db.sort(key=lambda e: e.ts)
    counts = {EHR_FILE: write_ehr_csv(ehr, d / EHR_FILE), DB_FILE: write_pgaudit(db, d / DB_FILE)}
    _write_support(d, pop)
    write_directories(reg, d / STAFF_FILE, d / PATIENT_FILE, {s.user: s.role for s in pop.staff})
    truth = {"seed": seed, "users": users, "days": days, "train_days": train_days, "start": START,
             "learn_until": START + train_days * 86400, "end": START + days * 86400,
             "files": counts, "scenarios": [sc.truth() for sc in scenarios]}
    (d / TRUTH_FILE).write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def _write_support(d: Path, pop: Any) -> None:
    rows = ["actor,role"] + [f"{s.user},{s.role}" for s in pop.staff] + \
        ["svc_backup,service", "svc_etl,service"]
    (d / "directory.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (d / "vip.txt").write_text("\n".join(pop.vips) + "\n", encoding="utf-8")
    (d / CONFIG_FILE).write_text(
        "# written by phiscope watch simulate\n[general]\ndirectory = \"directory.csv\"\n"
        f"staff_directory = \"{STAFF_FILE}\"\npatient_directory = \"{PATIENT_FILE}\"\n\n"
        "[detectors.vip-access]\nvip_file = \"vip.txt\"\n", encoding="utf-8")


def _privacy(seed: int, pop: Population, days: int, first: int, used: set[str],
             ehr: list[AccessEvent]) -> tuple[Registry, list[Scenario]]:
    """Directories, the routine work on deceased records (into ``ehr``) and the four privacy
    scenarios, from a random source of their own (the rest of the logs does not change)."""
    rng = random.Random(f"watch-privacy:{seed}")
    start_day = int(START // 86400)
    reg = make_registry(rng, pop, start_day, days)
    ehr.extend(privacy.deceased_routine(rng, pop, reg, START, start_day, days))
    last = days - 1
    used = set(used)

    def when() -> int:
        return first + rng.randint(0, min(3, days - first - 2))

    return reg, [privacy.relative_lookup(rng, pop, reg, START, when(), last, used),
                 privacy.neighbour_lookup(rng, pop, reg, START, when(), last, used),
                 privacy.deceased_clerk(rng, pop, reg, START, start_day, when(), last, used),
                 privacy.deceased_attacker(rng, pop, reg, START, start_day, when(), used)]
