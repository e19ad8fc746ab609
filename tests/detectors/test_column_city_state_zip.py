"""``city_state_zip`` column overrides equal the per-value methods."""

from __future__ import annotations

import random

from phiscope.detectors.contact._us_states import STATE_NAMES
from phiscope.detectors.registry import DetectorSet
from phiscope.simulate.places import PLACES
from tests.detectors.column_checks import (
    EDGE_CASES,
    assert_column_equivalent,
    cases,
    fallback_share,
    mutations,
)

HAND = [
    "06103", "06103-1234", "061031234", "0610-31234", "00000", "99999", "11111", "11111-1111", "55555-5555",
    "00001", "00400", "96900", "6103", "061030", "Hartford, CT 06103", "Hartford CT 06103",
    "HARTFORD, CT 06103",
    "Hartford, Connecticut 06103", "Hartford, C.T. 06103", "Hartford, Ct. 06103", "New York NY 10001",
    "New York, New York 10001", "New Haven, CT 06510", "St. Louis, MO 63101", "O'Fallon, MO 63366",
    "Winston-Salem, NC 27101", "Hartford, XX 06103", "Hartford, CT 99999", "Hartford, CT 10001",
    "Hartford,CT 06103", "Hartford ,CT 06103", "Hartford, CT  06103", "Hartford,  CT 06103-1234",
    "Hartford, CT 061031234", "Hartford, North  Carolina 27101", "Hartford, north carolina 27101",
    "Hartford, Armed Forces Europe 09001", "APO, AE 09001", "Hartford, CT 06103 USA", "1 Hartford, CT 06103",
    "Hartford1, CT 06103", "_Hartford, CT 06103", "Hartford_, CT 06103", "Hartford, CT. 06103",
    "Hartford, . CT 06103", "Hartford., CT 06103", "Zoë, CT 06103", "Hartford, CT 06103\n",
    "Hartford\tCT 06103",
    # cities alone, placeholders and near-misses
    "Hartford", "HARTFORD", "New Haven", "New  Haven", "St. Louis", "St.Louis", "O'Fallon", "Winston-Salem",
    "Coeur d'Alene", "Coeur d’Alene", "Española", "Hartford.", "Hartford..", ".Hartford", "Hartford-",
    "A", "Ab", "x" * 40, "x" * 41, "a b c d e", "a b c d e f", "Unknown", "UNKNOWN", "n/a", "Homeless",
    "Hartford 2", "Hartford, CT", "Hartford_", "Hart_ford", "Hartford\t", "İstanbul",
]


def _values(rng: random.Random, n: int) -> list[str]:
    states = list(STATE_NAMES) + list(STATE_NAMES.values())
    out = []
    for _ in range(n):
        place = rng.choice(PLACES)[0]
        z = f"{rng.randrange(100000):05d}" + rng.choice(("", "", f"-{rng.randrange(10000):04d}"))
        out += [z, place.zip, place.city, place.city.upper(), f"{place.city}, {place.state} {place.zip}",
                f"{place.city}, {rng.choice(states)} {z}", f"{place.city.upper()} {place.state} {z}"]
    return out


def test_city_state_zip_column_equals_per_cell(detectors: DetectorSet) -> None:
    rng = random.Random(23)
    gen = _values(rng, 800)
    det = detectors.by_id("city_state_zip")
    assert_column_equivalent(det, cases(EDGE_CASES, HAND, gen, mutations(gen + HAND, rng)))
    assert fallback_share(det, gen) == 0
