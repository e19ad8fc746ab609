"""Households: people sharing an address and a surname, couples, children, twins, Jr/Sr.

Patient indices are cut into blocks of ``BLOCK``; each block is split into
households from its own random source, so any patient can be rebuilt from
(seed, index) alone and a large population can be produced block by block.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from phiscope.simulate import contact
from phiscope.simulate.names import NameBook
from phiscope.simulate.people import Address, foreign_address, make_address
from phiscope.simulate.places import FOREIGN, pick_place

BLOCK = 8
REFERENCE_DAY = date(2024, 4, 1)
#: household kind -> weight; "parent" is a single parent with children
KINDS = {"single": 50, "couple": 22, "parent": 8, "family": 20}
FOREIGN_SHARE = 0.003
MOVED_SHARE = 0.08


@dataclass(slots=True)
class Member:
    """One person of a household (before the patient's own attributes are drawn)."""

    index: int
    role: str  # head, spouse, child
    sex: str
    first: str
    last: str
    dob: date
    suffix: str | None = None
    maiden: str | None = None
    twin_of: int | None = None
    ec_of: tuple[int, str] | None = None  # (member index, relation) when the contact is in the household


@dataclass(slots=True)
class Household:
    """Who lives together, where, and where they lived before (if they moved)."""

    id: str
    members: list[Member]
    address: Address
    area_codes: tuple[str, ...]
    home_phone: str
    previous: Address | None
    family_email: str = ""


def birthday(rng: random.Random, age: int) -> date:
    """A date of birth for someone ``age`` years old on ``REFERENCE_DAY``."""
    start = REFERENCE_DAY - timedelta(days=365 * (age + 1) - 1)
    return start + timedelta(days=rng.randrange(365))


def adult_age(rng: random.Random) -> int:
    """Adults of a primary-care panel: more middle-aged and older people than the census."""
    band = rng.choices(((18, 44), (45, 64), (65, 95)), weights=(42, 34, 24))[0]
    return rng.randint(*band)


def _spouse(rng: random.Random, book: NameBook, head: Member, index: int) -> Member:
    sex = head.sex if rng.random() < 0.05 else ("F" if head.sex == "M" else "M")
    age = max(18, min(98, REFERENCE_DAY.year - head.dob.year + rng.randint(-6, 6)))
    own = book.last(rng)
    last, maiden = head.last, None
    if sex == "F" and head.sex == "M" and own != head.last:
        roll = rng.random()
        if roll < 0.70:
            maiden = own
        elif roll < 0.82:
            last, maiden = f"{own}-{head.last}", own
        else:
            last = own
    elif rng.random() < 0.5:
        last = own
    return Member(index, "spouse", sex, book.first(rng, sex), last, birthday(rng, age), maiden=maiden,
                  ec_of=(head.index, "spouse"))


def _children(rng: random.Random, book: NameBook, parents: list[Member], indices: list[int]) -> list[Member]:
    young = min(REFERENCE_DAY.year - p.dob.year for p in parents)
    kids: list[Member] = []
    for index in indices:
        age = min(rng.randint(0, 17) if rng.random() < 0.9 else rng.randint(18, 24), max(0, young - 18))
        sex = rng.choice("FM")
        kids.append(Member(index, "child", sex, book.first(rng, sex), parents[0].last, birthday(rng, age)))
    if len(kids) >= 2 and rng.random() < 0.08:  # twins: same birthday, often same-sex
        kids[1].dob, kids[1].twin_of, kids[0].twin_of = kids[0].dob, kids[0].index, kids[1].index
    father = next((p for p in parents if p.sex == "M"), None)
    son = next((k for k in kids if k.sex == "M"), None)
    if father and son and rng.random() < 0.15:
        son.first, son.suffix = father.first, rng.choice(("Jr", "Jr", "II"))
        father.suffix = "Sr" if son.suffix == "Jr" and rng.random() < 0.5 else father.suffix
    for kid in kids:
        parent = rng.choice(parents)
        kid.ec_of = (parent.index, "mother" if parent.sex == "F" else "father")
    return kids


def _members(rng: random.Random, book: NameBook, kind: str, indices: list[int]) -> list[Member]:
    sex = rng.choice("FM")
    age = adult_age(rng) if kind in ("single", "couple") else rng.randint(24, 52)
    head = Member(indices[0], "head", sex, book.first(rng, sex), book.last(rng), birthday(rng, age))
    if kind == "single" and sex == "M" and rng.random() < 0.02:
        head.suffix = rng.choice(("Jr", "III"))
    members = [head]
    if kind in ("couple", "family") and len(indices) > 1:
        members.append(_spouse(rng, book, head, indices[1]))
        head.ec_of = (members[1].index, "spouse")
    if kind in ("parent", "family"):
        members += _children(rng, book, list(members), indices[len(members):])
    return members


def _size(rng: random.Random, kind: str) -> int:
    kids = rng.choice((1, 1, 2, 2, 3))
    return {"single": 1, "couple": 2, "parent": 1 + kids, "family": 2 + kids}[kind]


def _where(rng: random.Random) -> tuple[Address, tuple[str, ...]]:
    if rng.random() < FOREIGN_SHARE:
        return foreign_address(rng, rng.choice(FOREIGN)), ("860",)
    place = pick_place(rng, tail=True)
    return make_address(rng, place), place.area_codes


def block_households(seed: int, block: int, total: int, book: NameBook) -> list[Household]:
    """The households of one block of patient indices (``block * BLOCK`` onwards, below ``total``)."""
    rng = random.Random(f"{seed}:hh:{block}")
    left = list(range(block * BLOCK, min((block + 1) * BLOCK, total)))
    out = []
    while left:
        kind = rng.choices(tuple(KINDS), weights=tuple(KINDS.values()))[0]
        size = _size(rng, kind)
        take, left = left[:size], left[size:]
        members = _members(rng, book, kind, take)
        address, areas = _where(rng)
        previous = _where(rng)[0] if rng.random() < MOVED_SHARE else None
        head = members[0]
        mail = contact.email(rng, head.first, head.last, head.dob.year)
        out.append(Household(f"hh-{take[0] + 1:07d}", members, address, areas,
                             contact.phone(rng, rng.choice(areas)), previous, mail))
    return out
