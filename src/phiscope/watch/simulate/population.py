"""Staff (roles, shifts, units, workstations), patients (census pools, VIPs) and DB tables."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# role: (share of staff, shift start hour, shift length hours, shifts per week)
ROLES: dict[str, tuple[float, int, int, int]] = {
    "nurse": (0.40, 7, 12, 4), "physician": (0.20, 8, 10, 5), "clerk": (0.16, 8, 9, 5),
    "billing": (0.12, 9, 8, 5), "analyst": (0.08, 9, 9, 5), "dba": (0.04, 8, 10, 5),
}
UNITS = ("med-surg", "icu", "ed", "oncology", "cardiology", "pediatrics", "ortho", "maternity")
# Tables of the EHR database and their row counts (the patient table is the 1,060,936 rows).
TABLES: dict[str, int] = {"public.allergies": 410_233, "public.encounters": 3_912_540,
                          "public.observations": 8_204_117, "public.patients": 1_060_936,
                          "public.providers": 4_210}


@dataclass(frozen=True)
class Staff:
    """One workforce member (EHR user; analysts and DBAs also have a DB login)."""

    user: str
    role: str
    unit: str
    start_hour: int
    hours: int
    days: frozenset[int]  # weekdays worked (0 = Monday)
    host: str


@dataclass
class Population:
    """Everyone in the simulation."""

    staff: list[Staff]
    patients: list[str]
    pools: dict[str, list[str]]  # unit -> its patients
    vips: list[str]
    vip_team: dict[str, list[str]] = field(default_factory=dict)  # vip -> staff users


def make_population(rng: random.Random, users: int) -> Population:
    """``users`` staff and about 20 patients per staff member."""
    staff: list[Staff] = []
    for i in range(users):
        role = _pick_role(rng, i, users)
        _share, start, hours, per_week = ROLES[role]
        if role == "nurse" and rng.random() < 0.3:
            start = 19  # night shift
        start = (start + rng.choice((-1, 0, 0, 1))) % 24
        days = frozenset(rng.sample(range(7), per_week) if role == "nurse" else range(per_week))
        unit = rng.choice(UNITS)
        host = f"10.{20 + UNITS.index(unit)}.{i // 250}.{i % 250 + 2}"
        staff.append(Staff(f"{role[:3]}{i:04d}", role, unit, start, hours, days, host))
    patients = [f"MRN{rng.randrange(10**7):07d}-{i}" for i in range(users * 20)]
    vips = patients[: max(5, users // 30)]
    rest = patients[len(vips):]
    pools = {u: rest[k::len(UNITS)] for k, u in enumerate(UNITS)}
    pop = Population(staff, patients, pools, vips)
    clinicians = [s.user for s in staff if s.role in ("nurse", "physician")]
    pop.vip_team = {v: rng.sample(clinicians, min(3, len(clinicians))) for v in vips}
    return pop


def _pick_role(rng: random.Random, i: int, users: int) -> str:
    fixed = ("analyst", "analyst", "dba", "dba", "clerk", "nurse", "physician")
    if i < len(fixed):
        return fixed[i]
    x, acc = rng.random(), 0.0
    for role, (share, *_rest) in ROLES.items():
        acc += share
        if x < acc:
            return role
    return "nurse"
