"""Synthetic findings for people tests: table rows of a filler population plus hand-made cases."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from phiscope.people.mentions import Mention
from phiscope.people.summary import summarize

FIRST = ["james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "david",
         "susan", "richard", "karen", "joseph", "nancy", "thomas", "lisa", "charles", "betty", "daniel",
         "sandra"]
LAST = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
        "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore",
        "jackson", "martin"]
STREETS = ["Maple Road", "Oak Street", "Pine Avenue", "Cedar Lane", "Elm Court", "Birch Drive"]


def row(doc: str, n: int, **values: str) -> list[dict[str, Any]]:
    """Findings of one table row (``first``/``last`` go to name columns, others to their element)."""
    columns = {"first": ("person_name", "First Name"), "last": ("person_name", "Last Name"),
               "name": ("person_name", "Patient Name"), "dob": ("dob", "DOB"), "ssn": ("ssn", "SSN"),
               "phone": ("phone", "Phone"), "street": ("street_address", "Address"),
               "city": ("city_state_zip", "City"), "mrn": ("mrn", "MRN"), "email": ("email", "Email"),
               "contact": ("person_name", "Emergency Contact")}
    out = []
    for key, value in values.items():
        element, column = columns[key]
        out.append({"finding_id": f"{doc}-{n}-{key}", "doc_sha": doc, "path": f"/{doc}.csv",
                    "element": element,
                    "detector_id": element, "value": value, "row_key": f"{doc}:{n}", "role": None,
                    "column": column, "line": None, "offset": 0, "page": None, "json_path": None,
                    "flags": None})
    return out


def filler(n_people: int = 60, seed: int = 7) -> list[dict[str, Any]]:
    """Rows of ``n_people`` distinct people, each in two documents (one with a typo-free copy)."""
    rnd = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(n_people):
        p = {"first": rnd.choice(FIRST).title(), "last": rnd.choice(LAST).title(),
             "dob": f"{rnd.randint(1940, 2005)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
             "ssn": f"{rnd.randint(100, 665)}-{rnd.randint(10, 99)}-{rnd.randint(1000, 9999)}",
             "phone": f"860-{rnd.randint(200, 999)}-{rnd.randint(1000, 9999)}",
             "street": f"{rnd.randint(1, 999)} {rnd.choice(STREETS)}", "city": "Hartford, CT 06103"}
        out += row("ehr", i, **p)
        out += row("billing", i, **{k: p[k] for k in ("first", "last", "dob", "phone")})
    return out


@contextlib.contextmanager
def watching_temp_files(folder: Path, mark: bytes) -> Iterator[tuple[list[int], list[str]]]:
    """While the block runs, read every file under ``folder`` again and again (spill files live only
    while a query runs): yields (sizes seen, names of files that held ``mark``), filled meanwhile."""
    seen: list[int] = []
    leaked: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for root, _, files in os.walk(folder):
                for name in files:
                    try:
                        data = Path(root, name).read_bytes()
                    except OSError:
                        continue
                    seen.append(len(data))
                    if mark in data:
                        leaked.append(name)
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield seen, leaked
    finally:
        stop.set()
        watcher.join()


def summarized(mentions: Sequence[Mention], owner: Mapping[str, str], day: dt.date,
               reviews: Mapping[str, int] | None = None) -> list[dict[str, Any]]:
    """``summary.summarize`` of each person of ``owner`` (mention id -> person id), in person id
    order, its mentions by id: the ``people`` rows resolution must store."""
    groups: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.mention_id):
        groups.setdefault(owner[m.mention_id], []).append(m)
    return [{**summarize(ms, day, (reviews or {}).get(pid, 0)), "person_id": pid}
            for pid, ms in sorted(groups.items())]
