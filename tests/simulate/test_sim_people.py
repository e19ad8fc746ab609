"""Realistic people: frequencies, households, twins, suffixes, names, moves, SSNs, ages, places."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest

from phiscope.simulate.names import NICKNAMES, transpose_digits, typo
from phiscope.simulate.people import Patient
from phiscope.simulate.population import PLACEHOLDER_SSNS, World
from phiscope.simulate.uniq import permute

N = 4000
DAY = date(2024, 4, 1)


@pytest.fixture(scope="module")
def people() -> list[Patient]:
    return list(World(N, 7).patients(0, N))


def _share(people: list[Patient], pred: Callable[[Patient], bool]) -> float:
    return sum(1 for p in people if pred(p)) / len(people)


def test_any_patient_is_rebuilt_from_seed_and_index(people: list[Patient]) -> None:
    world = World(N, 7)
    for i in (0, 1, 7, 8, 1234, N - 1):
        assert world.patient(i) == people[i]
    assert list(world.patients(100, 140)) == people[100:140]
    assert [p.id for p in people[:2]] == ["pt-00001", "pt-00002"]


def test_census_like_name_frequencies(people: list[Patient]) -> None:
    lasts = Counter(p.last for p in people)
    top = [name for name, _ in lasts.most_common(3)]
    assert "Smith" in top  # the commonest US surname, about 1% of people
    assert 0.004 < lasts["Smith"] / N < 0.03
    assert len(lasts) > 600  # and a long tail
    firsts = Counter(p.first for p in people if p.sex == "F")
    assert firsts.most_common(1)[0][1] > 8 * sorted(firsts.values())[len(firsts) // 2]


def test_households_share_address_surname_phone(people: list[Patient]) -> None:
    homes: dict[str, list[Patient]] = {}
    for p in people:
        homes.setdefault(p.household_id, []).append(p)
    multi = [h for h in homes.values() if len(h) > 1]
    assert len(multi) > N / 20
    for home in multi:
        assert len({(p.address, p.phone) for p in home}) == 1
        heads = [p for p in home if p.household_role == "head"]
        kids = [p for p in home if p.household_role == "child"]
        assert all(k.last == heads[0].last for k in kids)


def test_twins_jr_sr_hyphenated_maiden_nicknames(people: list[Patient]) -> None:
    by_id = {p.id: p for p in people}
    twins = [p for p in people if p.twin_of]
    assert twins and all(by_id[p.twin_of].dob == p.dob and by_id[p.twin_of].twin_of == p.id
                         for p in twins if p.twin_of in by_id)
    assert {"Jr", "Sr"} <= {p.suffix for p in people}
    assert any("-" in p.last and p.maiden_name for p in people)
    married = [p for p in people if p.maiden_name]
    assert 0.02 < len(married) / N < 0.2 and all(p.maiden_name != p.last for p in married)
    nick = [p for p in people if p.nickname]
    assert 0.05 < len(nick) / N < 0.3 and all(p.nickname in NICKNAMES[p.first] for p in nick)
    assert any(p.aliases for p in people)


def test_ages_deaths_and_ssns(people: list[Patient]) -> None:
    assert 0.16 < _share(people, lambda p: p.age_on(DAY) < 18) < 0.25
    assert 0.008 < _share(people, lambda p: p.deceased is not None) < 0.025
    assert all(p.deceased is None or p.dob < p.deceased < DAY for p in people)
    assert 0.8 < _share(people, lambda p: p.ssn is not None) < 0.93
    assert {p.ssn_placeholder for p in people} - {None} <= set(PLACEHOLDER_SSNS)
    assert _share(people, lambda p: p.ssn_placeholder is not None) > 0.02
    assert not any(p.ssn and (p.itin or p.ssn_placeholder) for p in people)
    ssns = [p.ssn for p in people if p.ssn]
    assert len(set(ssns)) == len(ssns) and len({p.mrn for p in people}) == N


def test_places_moves_and_abroad(people: list[Patient]) -> None:
    states = Counter(p.address.state for p in people)
    assert states.most_common(1)[0][0] == "CT" and 0.55 < states["CT"] / N < 0.8
    assert states["MA"] + states["RI"] + states["NY"] > 0.1 * N
    assert len(states) > 15
    assert 0 < _share(people, lambda p: p.address.foreign) < 0.02
    moved = [p for p in people if p.previous_address]
    assert 0.04 < len(moved) / N < 0.14 and all(p.previous_address != p.address for p in moved)


def test_emergency_contacts_are_household_members_or_external(people: list[Patient]) -> None:
    by_id = {p.id: p for p in people}
    internal = [p for p in people if not p.ec_external]
    assert internal and all(by_id[p.ec_id].household_id == p.household_id for p in internal
                            if p.ec_id in by_id)
    assert all(p.ec_id == f"{p.id}-ec" for p in people if p.ec_external)


def test_slips_and_permutation() -> None:
    rng = random.Random(1)
    assert {typo(rng, "Johnson") for _ in range(50)} - {"Johnson"}
    assert all(typo(rng, "Johnson")[0] == "J" for _ in range(50))
    assert typo(rng, "Li") == "Li"
    swapped = transpose_digits(rng, "1234")
    assert sorted(swapped) == sorted("1234") and swapped != "1234"
    assert sorted(permute(i, 1000, "k") for i in range(1000)) == list(range(1000))
    assert [permute(i, 1000, "k") for i in range(5)] != [permute(i, 1000, "j") for i in range(5)]
