"""Privacy-family activity: the routine work on deceased patients' records (the care team in
the days after a death, billing for months after), and four injected scenarios: an employee
looking up a relative, a neighbour's chart opened, and deceased patients' records opened by
a registration clerk and by an attacker with a stolen credential."""

from __future__ import annotations

import random
from collections.abc import Iterator

from phiscope.watch.events import READ, AccessEvent
from phiscope.watch.simulate.attacks import Scenario
from phiscope.watch.simulate.normal import DAY, SCREENS, view
from phiscope.watch.simulate.population import Population, Staff
from phiscope.watch.simulate.registry import Home, Registry

EHR_ROLES = ("nurse", "physician", "clerk", "billing")
GRACE_DAYS = 30


def deceased_routine(rng: random.Random, pop: Population, reg: Registry, day0: float, start_day: int,
                     days: int) -> Iterator[AccessEvent]:
    """Clinicians close the chart in the week after a death; billing works the account for months."""
    clinicians = [s for s in pop.staff if s.role in ("nurse", "physician")]
    billing = [s for s in pop.staff if s.role == "billing"]
    for pid in reg.deceased:
        died = reg.patients[pid][2]
        assert died is not None
        d = died - start_day  # simulated day of the death
        if -25 <= d < days:
            for s in rng.sample(clinicians, min(2, len(clinicians))):
                day = d + rng.randint(0, 5)
                if 0 <= day < days:
                    t = day0 + day * DAY + s.start_hour * 3600 + rng.uniform(0, s.hours * 3600)
                    yield from (view(rng, s, t + k * 60, pid) for k in range(rng.randint(1, 3)))
        if billing and -365 <= d < days - 1 and rng.random() < 0.3:  # billing works it for up to a year
            day = rng.randint(max(d + 1, 0), min(days - 1, d + 365))
            s = rng.choice(billing)
            yield view(rng, s, day0 + day * DAY + s.start_hour * 3600 + rng.uniform(0, s.hours * 3600), pid)


def _staff(rng: random.Random, pop: Population, roles: tuple[str, ...], used: set[str],
           among: set[str] | None = None) -> Staff:
    free = [s for s in pop.staff if s.role in roles and s.user not in used]
    cands = [s for s in free if among is None or s.user in among] or free
    s = rng.choice(cands)
    used.add(s.user)
    return s


def _workday(s: Staff, day: int, last: int) -> int:
    """The first day from ``day`` to ``last`` that ``s`` works (``day`` when none)."""
    return next((d for d in range(day, last + 1) if d % 7 in s.days), day)


def _shift_time(rng: random.Random, s: Staff, day0: float, day: int) -> float:
    return day0 + day * DAY + (s.start_hour + 1) * 3600 + rng.uniform(0, max(s.hours - 3, 1) * 3600)


def relative_lookup(rng: random.Random, pop: Population, reg: Registry, day0: float, day: int, last: int,
                    used: set[str]) -> Scenario:
    """An employee opens the chart of a relative (same surname, another household) a few times."""
    s = _staff(rng, pop, EHR_ROLES, used, set(reg.relatives))
    if s.user not in reg.relatives:  # small populations: give this one a relative in town
        _first, surname, home = reg.staff[s.user]
        pid = f"MRN{rng.randrange(10**7):07d}-{len(reg.patients)}"
        street = f"{rng.randint(1, 999)} Elm St"
        near = Home(street, "", home.city, home.state, home.zip, reg.household())
        reg.patients[pid] = (surname, near, None)
        reg.relatives[s.user] = [pid]
    return _lookup("relative-lookup", rng, s, rng.choice(reg.relatives[s.user]), day0, _workday(s, day, last))


def neighbour_lookup(rng: random.Random, pop: Population, reg: Registry, day0: float, day: int, last: int,
                     used: set[str]) -> Scenario:
    """An employee opens the chart of a neighbour living in another unit of the same building."""
    s = _staff(rng, pop, EHR_ROLES, used, set(reg.neighbours))
    if s.user not in reg.neighbours:
        first, surname, home = reg.staff[s.user]
        unit = home.unit or "Apt 1A"
        reg.staff[s.user] = (first, surname, Home(home.street, unit, home.city, home.state, home.zip,
                                               home.household))
        pid = f"MRN{rng.randrange(10**7):07d}-{len(reg.patients)}"
        other = reg.patients[rng.choice(pop.patients)][0]
        reg.patients[pid] = (other, Home(home.street, "Apt 9Z", home.city, home.state, home.zip,
                                         reg.household()), None)
        reg.neighbours[s.user] = [pid]
    return _lookup("neighbour-lookup", rng, s, reg.neighbours[s.user][0], day0, _workday(s, day, last))


def _lookup(kind: str, rng: random.Random, s: Staff, patient: str, day0: float, day: int) -> Scenario:
    sc = Scenario(kind, s.user, measure="patients")
    ts = _shift_time(rng, s, day0, day)
    for _ in range(rng.randint(2, 5)):
        sc.events.append(view(rng, s, ts, patient))
        ts += rng.uniform(30, 300)
    return sc


def _dead_before(reg: Registry, day_number: int) -> list[str]:
    return [p for p in reg.deceased if (reg.patients[p][2] or 0) < day_number - GRACE_DAYS - 1]


def deceased_clerk(rng: random.Random, pop: Population, reg: Registry, day0: float, start_day: int, day: int,
                   last: int, used: set[str]) -> Scenario:
    """A registration clerk opens two to four long-deceased patients' records over a shift."""
    s = _staff(rng, pop, ("clerk",), used)
    day = _workday(s, day, last)
    sc = Scenario("deceased-clerk", s.user, measure="patients")
    dead = _dead_before(reg, start_day + day)
    ts = _shift_time(rng, s, day0, day) - 3600
    for p in rng.sample(dead, min(len(dead), rng.randint(2, 4))):
        ts += rng.uniform(600, 5400)
        sc.events.append(view(rng, s, ts, p))
    return sc


def deceased_attacker(rng: random.Random, pop: Population, reg: Registry, day0: float, start_day: int,
                      day: int, used: set[str]) -> Scenario:
    """A stolen physician credential, from a host the physician never used, opens 25-60 deceased
    patients' records one evening (identities for fraud)."""
    s = _staff(rng, pop, ("physician",), used)
    sc = Scenario("deceased-attacker", s.user, measure="patients")
    dead = _dead_before(reg, start_day + day)
    ts = day0 + day * DAY + rng.uniform(20, 22) * 3600
    host = f"10.88.{rng.randint(1, 250)}.{rng.randint(2, 250)}"
    for p in rng.sample(dead, min(len(dead), rng.randint(25, 60))):
        ts += rng.uniform(20, 90)
        sc.events.append(AccessEvent(ts=ts, actor=s.user, action=READ, role=s.role, host=host,
                                     object=rng.choice(SCREENS[:2]), patients=(p,), rows=1, tool="ehr-web"))
    return sc
