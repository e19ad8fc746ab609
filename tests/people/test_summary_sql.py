"""``summary_sql``: the people table made in one query equals ``summary.summarize`` person by person,
on mentions drawn from small pools of values (ties of every kind, missing values, one person with
no street, one with no full name)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from phiscope.people.identity import Identity
from phiscope.people.mentions import Mention, new_mention
from phiscope.people.normalize import Address, NameParts
from phiscope.people.output import PEOPLE_SCHEMA
from phiscope.people.spill import MentionSpill
from phiscope.people.summary_sql import SQL, people_rows
from phiscope.store.db import scratch
from tests.people.helpers import summarized

DAY = dt.date(2026, 11, 29)


def _mention(rng: random.Random, n: int, streets: bool = True) -> Mention:
    def pick(*values: str | None) -> str | None:
        return rng.choice(values)

    name = NameParts(pick("ana", "bo", None, ""), pick(None, "m"), pick("ruiz", "li", None), pick(None, "jr"))
    street = pick("7 HILL RD", "12 OAK ST APT 3", "9 É ST", None, "") if streets else pick(None, "")
    address = Address(street, pick(None, "APT 3", ""), pick("HARTFORD", None), pick("CT", "NY", None, ""),
                      pick("06101", None))
    phones = tuple(rng.sample(["+18605550101", "+18605550102", "+12125550100"], rng.randint(0, 2)))
    emails = tuple(rng.sample(["a@x.org", "b@y.com"], rng.randint(0, 2)))
    dob = pick("2010-02-28", "1980-01-01", "1999-12-31", None, "", "1980-13-40")
    identity = Identity(name, pick("Ana Ruiz", "ANA RUIZ", "Bo Li", "Ana  Ruiz", None, ""), dob, None, None,
                        None, (), phones, emails, address)
    kinds = ["person_name", "dob", "ssn", "phone", "icd10_diagnosis", "é_element"]
    elements = rng.sample(kinds, rng.randint(0, 4))
    return new_mention(f"m{n:05d}", "d", "p.csv", "row", None, 1.0, [f"f{n}"], [], elements, identity, str(n))


def test_people_in_one_query_equal_summarize_person_by_person(tmp_path: Path) -> None:
    rng = random.Random(11)
    # 400 people, and 20 more whose mentions have no street (the state: of the first mention with one)
    mentions = [_mention(rng, n, streets=n < 2_800) for n in range(3_000)]
    owner = {m.mention_id: f"P{rng.randint(0, 399) if n < 2_800 else 400 + n % 20:04d}"
             for n, m in enumerate(mentions)}
    con = scratch(tmp_path)
    try:
        spill = MentionSpill(con, DAY, batch=500)
        for n, m in enumerate(mentions):
            spill.add((("d", "row", str(n)), 0), m)
        reviews = {"P0001": 2}
        rows = people_rows(spill.owned(owner, SQL), DAY, reviews, PEOPLE_SCHEMA).to_pylist()
        spill.close()
    finally:
        con.close()
    assert rows == summarized(mentions, owner, DAY, reviews)
