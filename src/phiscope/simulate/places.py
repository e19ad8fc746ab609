"""Real US places (city, state, ZIP, area codes) and street-address parts."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """A city with a ZIP code inside it and the area codes that serve it."""

    city: str
    state: str
    zip: str
    area_codes: tuple[str, ...]


# Weighted towards Connecticut: the simulated breach is a regional health system.
PLACES: tuple[tuple[Place, int], ...] = (
    (Place("Hartford", "CT", "06103", ("860", "959")), 8),
    (Place("West Hartford", "CT", "06107", ("860",)), 5),
    (Place("New Haven", "CT", "06510", ("203", "475")), 7),
    (Place("Bridgeport", "CT", "06604", ("203",)), 5),
    (Place("Stamford", "CT", "06901", ("203",)), 4),
    (Place("Waterbury", "CT", "06702", ("203",)), 4),
    (Place("Norwich", "CT", "06360", ("860",)), 3),
    (Place("Middletown", "CT", "06457", ("860",)), 3),
    (Place("Bristol", "CT", "06010", ("860",)), 3),
    (Place("Manchester", "CT", "06040", ("860",)), 3),
    (Place("Danbury", "CT", "06810", ("203",)), 3),
    (Place("New Britain", "CT", "06051", ("860",)), 3),
    (Place("Meriden", "CT", "06450", ("203",)), 3),
    (Place("Torrington", "CT", "06790", ("860",)), 2),
    (Place("Enfield", "CT", "06082", ("860",)), 2),
    (Place("Springfield", "MA", "01103", ("413",)), 3),
    (Place("Worcester", "MA", "01608", ("508", "774")), 2),
    (Place("Boston", "MA", "02118", ("617", "857")), 2),
    (Place("Providence", "RI", "02903", ("401",)), 2),
    (Place("Portland", "ME", "04101", ("207",)), 1),
    (Place("Bangor", "ME", "04401", ("207",)), 1),
    (Place("Albany", "NY", "12207", ("518",)), 1),
    (Place("Brooklyn", "NY", "11201", ("718", "347")), 2),
    (Place("Yonkers", "NY", "10701", ("914",)), 1),
    (Place("Newark", "NJ", "07102", ("973",)), 1),
    (Place("Philadelphia", "PA", "19107", ("215", "267")), 1),
    (Place("Los Angeles", "CA", "90012", ("213",)), 1),
    (Place("San Francisco", "CA", "94110", ("415",)), 1),
    (Place("Oakland", "CA", "94612", ("510",)), 1),
    (Place("Houston", "TX", "77002", ("713",)), 1),
    (Place("Austin", "TX", "78701", ("512",)), 1),
    (Place("Miami", "FL", "33130", ("305",)), 1),
    (Place("Orlando", "FL", "32801", ("407",)), 1),
)

STREET_NAMES = (
    "Main", "Oak", "Maple", "Elm", "Park", "Washington", "Church", "High", "Pine", "Cedar",
    "Franklin", "Prospect", "Farmington", "Asylum", "Whitney", "Chapel", "Broad", "Center",
    "Spring", "Summer", "Highland", "Woodland", "Sunset", "Lincoln", "Jefferson", "Madison",
    "Wethersfield", "Albany", "Orchard", "Hillside", "Lake", "River", "Meadow", "Colonial",
    "Walnut", "Chestnut", "Birch", "Sycamore", "Mill", "Bridge", "Academy", "Union", "Garden",
)
SUFFIXES = (("St", "Street"), ("Ave", "Avenue"), ("Rd", "Road"), ("Dr", "Drive"), ("Ln", "Lane"),
            ("Blvd", "Boulevard"), ("Ct", "Court"), ("Pl", "Place"), ("Way", "Way"),
            ("Ter", "Terrace"), ("Cir", "Circle"))
DIRECTIONS = ("N", "S", "E", "W")


def pick_place(rng: random.Random) -> Place:
    """A weighted random place."""
    places, weights = zip(*PLACES, strict=True)
    place: Place = rng.choices(places, weights=weights)[0]
    return place


def street_line(rng: random.Random) -> tuple[str, str | None]:
    """A street line (number, optional direction, name, suffix) and an optional unit."""
    number = rng.choice((rng.randint(1, 99), rng.randint(100, 999), rng.randint(100, 999),
                         rng.randint(1000, 9999)))
    short, long_ = rng.choice(SUFFIXES)
    suffix = long_ if rng.random() < 0.25 else short
    direction = rng.choice(DIRECTIONS) + " " if rng.random() < 0.08 else ""
    street = f"{number} {direction}{rng.choice(STREET_NAMES)} {suffix}"
    unit = None
    if rng.random() < 0.25:
        unit = rng.choice((f"Apt {rng.randint(1, 24)}{rng.choice('ABCD')}", f"Apt {rng.randint(1, 350)}",
                           f"Unit {rng.randint(1, 40)}", f"# {rng.randint(1, 600)}",
                           f"Fl {rng.randint(2, 5)}"))
    return street, unit
