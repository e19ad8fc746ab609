"""Real US places (city, state, ZIP, area codes) and street-address parts."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate


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

# The tail: a provider near the coast of New England still sees people from everywhere.
TAIL_PLACES: tuple[Place, ...] = (
    Place("Chicago", "IL", "60614", ("773", "312")), Place("Atlanta", "GA", "30303", ("404",)),
    Place("Charlotte", "NC", "28202", ("704",)), Place("Columbus", "OH", "43215", ("614",)),
    Place("Detroit", "MI", "48226", ("313",)), Place("Phoenix", "AZ", "85004", ("602",)),
    Place("Denver", "CO", "80202", ("303",)), Place("Seattle", "WA", "98101", ("206",)),
    Place("Baltimore", "MD", "21201", ("410",)), Place("Richmond", "VA", "23219", ("804",)),
    Place("Burlington", "VT", "05401", ("802",)), Place("Manchester", "NH", "03101", ("603",)),
    Place("Nashville", "TN", "37203", ("615",)), Place("New Orleans", "LA", "70112", ("504",)),
    Place("Minneapolis", "MN", "55401", ("612",)), Place("San Juan", "PR", "00901", ("787",)),
    Place("Las Vegas", "NV", "89101", ("702",)), Place("Wilmington", "DE", "19801", ("302",)),
    Place("Washington", "DC", "20001", ("202",)),
)
_PLACES = tuple(p for p, _ in PLACES)
_CUM = tuple(accumulate(w for _, w in PLACES))
#: share of addresses drawn from ``TAIL_PLACES`` rather than the regional ``PLACES``
TAIL_SHARE = 0.03


@dataclass(frozen=True, slots=True)
class ForeignPlace:
    """A city abroad: region (province, state) may be empty; the postal code is in local form."""

    city: str
    region: str
    postcode: str
    country: str
    street_form: str  # ``{n}`` number, ``{s}`` street name


FOREIGN: tuple[ForeignPlace, ...] = (
    ForeignPlace("Toronto", "ON", "M5V 2T6", "Canada", "{n} {s} St"),
    ForeignPlace("Montréal", "QC", "H2X 1Y4", "Canada", "{n} rue {s}"),
    ForeignPlace("Santo Domingo", "DN", "10205", "Dominican Republic", "Calle {s} #{n}"),
    ForeignPlace("Ciudad de México", "CDMX", "06700", "Mexico", "Calle {s} {n}"),
    ForeignPlace("London", "", "SW1A 1AA", "United Kingdom", "{n} {s} Road"),
    ForeignPlace("Lisboa", "", "1100-148", "Portugal", "Rua {s} {n}"),
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


def pick_place(rng: random.Random, tail: bool = False) -> Place:
    """A weighted random regional place; with ``tail``, a share comes from ``TAIL_PLACES``."""
    if tail and rng.random() < TAIL_SHARE:
        return rng.choice(TAIL_PLACES)
    return rng.choices(_PLACES, cum_weights=_CUM)[0]


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
