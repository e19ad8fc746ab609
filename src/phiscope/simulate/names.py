"""Names as a US population has them: census/SSA frequencies, nicknames, suffixes, typos.

First and last names are drawn with the weights Faker's ``en_US`` person
provider carries (SSA baby-name and 2000-census surname frequencies), by
weighted sampling with the caller's random source -- not Faker's own picks.
A share of people get accented (Hispanic, French) names, as registration data
in the north-east really holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

#: accented names (all in cp1252), for the share of patients who carry them
ACCENTED_FIRST = {"F": ("María", "Sofía", "Zoë", "Renée", "Chloé", "Inés", "Lucía", "Noémie"),
                  "M": ("José", "Héctor", "Andrés", "Joël", "Rubén", "Ramón", "Íñigo", "François")}
ACCENTED_LAST = ("Peña", "Muñoz", "Núñez", "Báez", "Ibáñez", "Gómez", "Sánchez", "Lefèvre", "Côté",
                 "Brontë", "Hernández", "Martínez")

#: formal first name -> the nicknames people go by (Bill for William)
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"), "Robert": ("Bob", "Rob", "Bobby"), "Richard": ("Rick", "Dick"),
    "James": ("Jim", "Jimmy", "Jamie"), "John": ("Jack", "Johnny"), "Michael": ("Mike", "Mikey"),
    "Thomas": ("Tom", "Tommy"), "Joseph": ("Joe", "Joey"), "Charles": ("Charlie", "Chuck"),
    "Christopher": ("Chris",), "Daniel": ("Dan", "Danny"), "Anthony": ("Tony",), "Matthew": ("Matt",),
    "Andrew": ("Andy", "Drew"), "Steven": ("Steve",), "Stephen": ("Steve",), "Kenneth": ("Ken", "Kenny"),
    "Timothy": ("Tim",), "Gregory": ("Greg",), "Benjamin": ("Ben",), "Jonathan": ("Jon",),
    "Edward": ("Ed", "Eddie", "Ted"), "Nicholas": ("Nick",), "Alexander": ("Alex",), "Samuel": ("Sam",),
    "Donald": ("Don",), "Ronald": ("Ron",), "Gerald": ("Jerry",), "Lawrence": ("Larry",),
    "Raymond": ("Ray",), "Peter": ("Pete",), "Jacob": ("Jake",), "Joshua": ("Josh",), "Zachary": ("Zach",),
    "Frederick": ("Fred",), "Douglas": ("Doug",), "Theodore": ("Ted", "Teddy"), "Patrick": ("Pat",),
    "Elizabeth": ("Liz", "Beth", "Betty"), "Margaret": ("Peggy", "Maggie", "Meg"),
    "Katherine": ("Kate", "Kathy"), "Catherine": ("Cathy", "Kate"), "Jennifer": ("Jen", "Jenny"),
    "Patricia": ("Pat", "Patty", "Trish"), "Susan": ("Sue", "Susie"), "Deborah": ("Debbie", "Deb"),
    "Jessica": ("Jess",), "Samantha": ("Sam",), "Rebecca": ("Becky",), "Kimberly": ("Kim",),
    "Victoria": ("Vicky", "Tori"), "Cynthia": ("Cindy",), "Pamela": ("Pam",), "Barbara": ("Barb",),
    "Abigail": ("Abby",), "Christine": ("Chris", "Chrissy"), "Stephanie": ("Steph",),
    "Alexandra": ("Alex",), "Melissa": ("Missy",), "Judith": ("Judy",), "Virginia": ("Ginny",),
    "Jacqueline": ("Jackie",), "Kathleen": ("Kathy",), "Nancy": ("Nan",), "Dorothy": ("Dot",),
}


@dataclass(frozen=True, slots=True)
class _Table:
    names: tuple[str, ...]
    cum: tuple[float, ...]

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cum)[0]


def _table(weights: dict[str, float]) -> _Table:
    return _Table(tuple(weights), tuple(accumulate(weights.values())))


class NameBook:
    """Weighted first names per sex and surnames (load once per process, pass it around)."""

    def __init__(self) -> None:
        from faker.providers.person.en_US import Provider

        self._first = {"F": _table(Provider.first_names_female), "M": _table(Provider.first_names_male)}
        self._last = _table(Provider.last_names)

    def first(self, rng: random.Random, sex: str) -> str:
        """A first name for ``sex`` (F/M); about 8% accented."""
        if rng.random() < 0.08:
            return rng.choice(ACCENTED_FIRST[sex])
        return self._first[sex].pick(rng)

    def last(self, rng: random.Random) -> str:
        """A surname; about 8% accented."""
        if rng.random() < 0.08:
            return rng.choice(ACCENTED_LAST)
        return self._last.pick(rng)

    def any_first(self, rng: random.Random) -> str:
        """A first name of either sex."""
        return self.first(rng, rng.choice("FM"))


def nickname(rng: random.Random, first: str) -> str | None:
    """The nickname a person with this first name goes by, or None (most people use their name)."""
    options = NICKNAMES.get(first)
    if not options or rng.random() < 0.45:
        return None
    return rng.choice(options)


def typo(rng: random.Random, text: str) -> str:
    """A data-entry slip: two letters swapped, one dropped or one doubled (never the first letter).

    Names shorter than four letters are returned unchanged.
    """
    if len(text) < 4 or not text.isalpha():
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0 and text[i] != text[i + 1]:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def transpose_digits(rng: random.Random, digits: str, lo: int = 0) -> str:
    """Two adjacent different digits swapped at or after position ``lo`` (unchanged if none differ)."""
    spots = [i for i in range(lo, len(digits) - 1)
             if digits[i].isdigit() and digits[i + 1].isdigit() and digits[i] != digits[i + 1]]
    if not spots:
        return digits
    i = rng.choice(spots)
    return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
