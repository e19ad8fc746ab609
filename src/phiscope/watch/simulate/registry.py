"""The simulated hospital's directories: staff (HR export) and patients (registration export)
with surnames from census frequencies, street addresses in the region, households, relatives
of staff among the patients, neighbours in the same building, and dates of death.

Drawn from its own random source, so the access logs of the original model stay the same.
Relatives, neighbours and the deceased are extra patients that ordinary chart work never
opens; chance matches (a nurse's patient who happens to carry her surname) come from the
census itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError
from phiscope.watch.simulate.population import Population

TOP_SURNAME_SHARE = 0.42  # people whose surname is among the census's 1,000 most common (2010: 42%)
DIRECTORY_MIN = 20_000  # patients in the directory: everyone ever registered, not only the census
RELATIVE_SHARE = 0.06  # staff with one or two relatives among the patients
NEIGHBOUR_SHARE = 0.03  # staff living in a building where a patient lives
DECEASED_SHARE = 0.02  # extra patients (share of the census) who died
STAFF_HEADER = ["user_id", "role", "first_name", "last_name", "street", "unit", "city", "state", "zip",
                "household_id"]
PATIENT_HEADER = ["mrn", "last_name", "street", "unit", "city", "state", "zip", "household_id", "death_date"]


@dataclass(frozen=True, slots=True)
class Home:
    """Where someone lives."""

    street: str
    unit: str
    city: str
    state: str
    zip: str
    household: str


@dataclass
class Registry:
    """Both directories and the relations the attacks use."""

    staff: dict[str, tuple[str, str, Home]] = field(default_factory=dict)  # user -> first, last, home
    patients: dict[str, tuple[str, Home, int | None]] = field(default_factory=dict)  # last, home, death day
    relatives: dict[str, list[str]] = field(default_factory=dict)  # user -> relatives elsewhere
    housemates: dict[str, list[str]] = field(default_factory=dict)  # user -> same household
    neighbours: dict[str, list[str]] = field(default_factory=dict)  # user -> same building, other unit
    deceased: list[str] = field(default_factory=list)
    households: int = 0

    def household(self) -> str:
        """A new household id."""
        self.households += 1
        return f"H{self.households:06d}"


def make_registry(rng: random.Random, pop: Population, start_day: int, days: int) -> Registry:
    """Directories for ``pop`` (``start_day``: day number of the first simulated day).
    Surnames come from Faker's census tables (the ``simulate`` extra)."""
    from phiscope.simulate.names import NameBook

    try:
        book = _Surnames(NameBook())
    except ImportError as e:
        hint = "pip install 'phiscope[simulate]'"
        raise UsageError(f"phiscope watch simulate needs Faker's name tables: {hint}") from e
    reg = Registry()
    serial = [len(pop.patients)]
    for p in pop.patients:
        reg.patients[p] = (book.last(rng), _home(rng, reg), None)
    for _ in range(max(0, DIRECTORY_MIN - len(pop.patients))):  # registered before, not in care now
        reg.patients[_new_id(rng, serial)] = (book.last(rng), _home(rng, reg), None)
    for s in pop.staff:
        last = book.last(rng)
        apartment = rng.random() < NEIGHBOUR_SHARE
        home = _home(rng, reg, apartment)
        reg.staff[s.user] = (book.any_first(rng), last, home)
        if rng.random() < RELATIVE_SHARE:
            _relatives(rng, reg, s.user, last, home, serial)
        if apartment:
            other = _new_id(rng, serial)
            unit = f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
            reg.patients[other] = (book.last(rng), Home(home.street, unit, home.city, home.state, home.zip,
                                                        reg.household()), None)
            if unit != home.unit:
                reg.neighbours[s.user] = [other]
    for _ in range(max(3, int(len(pop.patients) * DECEASED_SHARE))):
        pid = _new_id(rng, serial)
        recent = rng.random() < 0.4
        died = start_day + (rng.randint(-25, days - 1) if recent else -rng.randint(60, 5 * 365))
        reg.patients[pid] = (book.last(rng), _home(rng, reg), died)
        reg.deceased.append(pid)
    return reg


class _Surnames:
    """Surnames with the census's long tail: 42% from the 1,000 most common (Faker's census
    weights), the rest rare ones (two of those names spliced, a million possibilities), so
    that how common a surname is means what it does in a real patient directory."""

    def __init__(self, book: Any) -> None:
        from faker.providers.person.en_US import Provider

        self.book = book
        self.names = tuple(Provider.last_names)

    def last(self, rng: random.Random) -> str:
        if rng.random() < TOP_SURNAME_SHARE:
            return str(self.book.last(rng))
        a, b = rng.choice(self.names), rng.choice(self.names)
        return a[: max(2, len(a) // 2)] + b[len(b) // 2:].lower()

    def any_first(self, rng: random.Random) -> str:
        return str(self.book.any_first(rng))


def _relatives(rng: random.Random, reg: Registry, user: str, last: str, home: Home,
               serial: list[int]) -> None:
    for _ in range(rng.choice((1, 1, 2))):
        pid = _new_id(rng, serial)
        if rng.random() < 0.35:
            reg.patients[pid] = (last, home, None)
            reg.housemates.setdefault(user, []).append(pid)
            continue
        near = _home(rng, reg)
        if rng.random() < 0.5:  # half the relatives elsewhere live in the same town
            near = Home(near.street, near.unit, home.city, home.state, home.zip, near.household)
        reg.patients[pid] = (last, near, None)
        reg.relatives.setdefault(user, []).append(pid)


def _home(rng: random.Random, reg: Registry, apartment: bool = False) -> Home:
    from phiscope.simulate.places import pick_place, street_line

    place = pick_place(rng, tail=True)
    street, unit = street_line(rng)
    if apartment:
        unit = f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
    return Home(street, unit or "", place.city, place.state, place.zip, reg.household())


def _new_id(rng: random.Random, serial: list[int]) -> str:
    serial[0] += 1
    return f"MRN{rng.randrange(10**7):07d}-{serial[0] - 1}"


def write_directories(reg: Registry, staff_path: Path, patients_path: Path, roles: dict[str, str]) -> None:
    """``staff.csv`` and ``patients.csv`` as an HR and a registration export would hold them."""
    with staff_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(STAFF_HEADER)
        for user, (first, last, h) in reg.staff.items():
            w.writerow([user, roles.get(user, ""), first, last, h.street, h.unit, h.city, h.state, h.zip,
                        h.household])
    with patients_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(PATIENT_HEADER)
        for pid, (last, h, died) in reg.patients.items():
            death = (dt.date(1970, 1, 1) + dt.timedelta(days=died)).isoformat() if died is not None else ""
            w.writerow([pid, last, h.street, h.unit, h.city, h.state, h.zip, h.household, death])
