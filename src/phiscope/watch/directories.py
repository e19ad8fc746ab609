"""Staff and patient directories for the privacy detectors.

The staff directory (an HR/IAM export) says who each account is: role, surname, home
address, household. The patient directory (a registration/MPI export) gives each patient's
surname, address, household and date of death. Names and addresses are PHI: each is
normalised (accents, case, punctuation; USPS street forms by usaddress-scourgify), hashed
with a key drawn for this process, and dropped. What stays in memory is only what the
detectors need: the patients that share a surname, an address or a household with some
account (by hash), how many patients carry each staff surname (the census frequency that
weighs a match), and dates of death.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError
from phiscope.watch.parsers._common import column_map, header_key

STAFF_FIELDS: dict[str, tuple[str, ...]] = {
    "actor": ("actor", "user", "userid", "username", "login", "employeeid", "account"),
    "role": ("role", "jobtitle", "userrole", "position"),
    "surname": ("surname", "lastname", "familyname", "last"),
    "address": ("address", "street", "address1", "addressline1", "streetaddress", "homeaddress"),
    "unit": ("unit", "apt", "apartment", "address2", "addressline2"),
    "city": ("city", "town"),
    "zip": ("zip", "zip5", "zipcode", "postalcode", "postcode"),
    "household": ("household", "householdid", "familyid", "guarantor", "guarantorid"),
}
PATIENT_FIELDS: dict[str, tuple[str, ...]] = {
    **{k: v for k, v in STAFF_FIELDS.items() if k not in ("actor", "role")},
    "patient": ("patient", "patientid", "mrn", "patientmrn", "id"),
    "death": ("deathdate", "dateofdeath", "deceaseddate", "dod", "death"),
}
_HOUSE = re.compile(r"^\s*(\d+)")
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """How an account's home relates to a patient's: ``household`` (same household id),
    ``home`` (same street address and unit) or ``building`` (same street address, other unit)."""

    kind: str


@dataclass
class Directories:
    """What the privacy detectors need, without names or addresses."""

    roles: dict[str, str] = field(default_factory=dict)  # actor -> role (peer groups too)
    surname_matches: dict[str, frozenset[str]] = field(default_factory=dict)  # patient -> actors
    surname_share: dict[str, float] = field(default_factory=dict)  # actor -> share of patients
    surname_zip_share: dict[str, float] = field(default_factory=dict)  # actor -> share in its ZIP
    same_zip: dict[str, frozenset[str]] = field(default_factory=dict)  # patient -> actors in its ZIP
    address_matches: dict[str, dict[str, AddressMatch]] = field(default_factory=dict)
    deaths: dict[str, int] = field(default_factory=dict)  # patient -> day number of death (UTC)
    patients_total: int = 0
    problems: dict[str, int] = field(default_factory=dict)  # rows skipped, by reason

    def note(self, reason: str) -> None:
        """Count one unusable directory row."""
        self.problems[reason] = self.problems.get(reason, 0) + 1


@dataclass
class _Staff:
    """Hashed keys of one account (working data of the loader)."""

    actor: str
    surname: bytes | None
    zip5: bytes | None
    cheap: tuple[str, str] | None  # (house number, ZIP or city): prefilter for addresses
    street: bytes | None
    unit: bytes | None
    household: bytes | None


class _Hasher:
    """Keyed BLAKE2b with a key of this process: equal inputs compare equal, nothing is kept."""

    def __init__(self) -> None:
        self.key = os.urandom(32)

    def __call__(self, text: str | None) -> bytes | None:
        if not text:
            return None
        return hashlib.blake2b(text.encode("utf-8"), key=self.key, digest_size=16).digest()


def load_directories(staff: Path | None, patients: Path | None, staff_columns: Mapping[str, Any],
                     patient_columns: Mapping[str, Any]) -> Directories:
    """Read both CSVs (either may be None) into a ``Directories``."""
    out = Directories()
    h = _Hasher()
    people = [_staff_entry(r, h, out) for r in _rows(staff, STAFF_FIELDS, staff_columns, "staff")] \
        if staff else []
    accounts = [p for p in people if p is not None]
    if patients:
        _scan_patients(_rows(patients, PATIENT_FIELDS, patient_columns, "patient"), accounts, h, out)
    return out


def _rows(path: Path, fields: Mapping[str, tuple[str, ...]], configured: Mapping[str, Any],
          what: str) -> Iterator[dict[str, str]]:
    need = "actor" if what == "staff" else "patient"
    try:
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as f:
            reader = csv.reader(f)
            try:
                header = next(reader, [])
            except csv.Error:
                header = []
            cols = column_map(header, fields, configured)
            if need not in cols:
                raise ConfigError(f"the {what} directory {path} has no {need} column; name it in "
                                  f"[general.{what}_columns] (headers found: {len(header)})")
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error:
                    yield {}  # counted by the caller as a row without an identifier
                    continue
                yield {k: row[i].strip() if i < len(row) else "" for k, i in cols.items()}
    except OSError as e:
        raise ConfigError(f"cannot read the {what} directory {path}: {e.strerror}") from e


def surname_key(text: str) -> str:
    """A surname folded for comparison (``O'Brien`` = ``obrien``; Jr/Sr/III dropped)."""
    from phiscope.people.normalize import fold

    tokens = fold(text).split()
    while tokens and tokens[-1] in _GENERATIONS:
        tokens.pop()
    return " ".join(tokens)


def _cheap(street: str, zip_: str, city: str) -> tuple[str, str] | None:
    m = _HOUSE.match(street)
    digits = re.sub(r"\D", "", zip_)[:5]
    place = digits if len(digits) == 5 else header_key(city)
    return (m.group(1), place) if m and place else None


def _street(street: str, unit: str, city: str, zip_: str) -> tuple[str | None, str | None]:
    """Standardised (street line with city or ZIP, unit) of an address."""
    from phiscope.people.normalize import standardize_address

    a = standardize_address(f"{street} {unit}".strip(), f"{city} {zip_}".strip() or None)
    if not a.street:
        return None, None
    return f"{a.street}|{a.zip5 or a.city or ''}", a.unit


def _staff_entry(r: Mapping[str, str], h: _Hasher, out: Directories) -> _Staff | None:
    actor = r.get("actor", "")
    if not actor:
        out.note("staff row without an account")
        return None
    if r.get("role"):
        out.roles[actor] = r["role"]
    street, unit = _street(r.get("address", ""), r.get("unit", ""), r.get("city", ""), r.get("zip", "")) \
        if r.get("address") else (None, None)
    zip5 = re.sub(r"\D", "", r.get("zip", ""))[:5]
    return _Staff(actor, h(surname_key(r.get("surname", ""))), h(zip5 if len(zip5) == 5 else None),
                  _cheap(r.get("address", ""), r.get("zip", ""), r.get("city", "")), h(street), h(unit),
                  h(r.get("household", "")))


def _scan_patients(rows: Iterator[dict[str, str]], staff: list[_Staff], h: _Hasher, out: Directories) -> None:
    by_surname: dict[bytes, list[_Staff]] = {}
    by_cheap: dict[tuple[str, str], list[_Staff]] = {}
    by_household: dict[bytes, list[_Staff]] = {}
    for s in staff:
        if s.surname is not None:
            by_surname.setdefault(s.surname, []).append(s)
        if s.cheap is not None:
            by_cheap.setdefault(s.cheap, []).append(s)
        if s.household is not None:
            by_household.setdefault(s.household, []).append(s)
    counts: dict[bytes, int] = {}
    zip_counts: dict[tuple[bytes, bytes | None], int] = {}
    for r in rows:
        pid = r.get("patient", "")
        if not pid:
            out.note("patient row without an identifier")
            continue
        out.patients_total += 1
        _death(pid, r.get("death", ""), out)
        sk = h(surname_key(r.get("surname", "")))
        same = by_surname.get(sk, []) if sk else []
        if same:
            assert sk is not None
            counts[sk] = counts.get(sk, 0) + 1
            zk = h(re.sub(r"\D", "", r.get("zip", ""))[:5] or None)
            zip_counts[(sk, zk)] = zip_counts.get((sk, zk), 0) + 1
            out.surname_matches[pid] = frozenset(s.actor for s in same)
            near = frozenset(s.actor for s in same if s.zip5 is not None and s.zip5 == zk)
            if near:
                out.same_zip[pid] = near
        _address(pid, r, by_cheap, by_household, h, out)
    total = max(out.patients_total, 1)
    for s in staff:
        if s.surname is not None and s.surname in counts:
            out.surname_share[s.actor] = counts[s.surname] / total
            out.surname_zip_share[s.actor] = zip_counts.get((s.surname, s.zip5), 0) / total


def _address(pid: str, r: Mapping[str, str], by_cheap: Mapping[tuple[str, str], list[_Staff]],
             by_household: Mapping[bytes, list[_Staff]], h: _Hasher, out: Directories) -> None:
    found: dict[str, AddressMatch] = {}
    hk = h(r.get("household", ""))
    for s in by_household.get(hk, []) if hk else []:
        found[s.actor] = AddressMatch("household")
    cheap = _cheap(r.get("address", ""), r.get("zip", ""), r.get("city", ""))
    near = by_cheap.get(cheap, []) if cheap else []
    if near:  # only addresses that may match are standardised (scourgify is slow)
        street, unit = _street(r.get("address", ""), r.get("unit", ""), r.get("city", ""), r.get("zip", ""))
        sh, uh = h(street), h(unit)
        for s in near:
            if sh is not None and s.street == sh and s.actor not in found:
                found[s.actor] = AddressMatch("home" if s.unit == uh else "building")
    if found:
        out.address_matches[pid] = found


def _death(pid: str, text: str, out: Directories) -> None:
    if not text:
        return
    day = parse_day(text)
    if day is None:
        out.note("unreadable date of death")
    else:
        out.deaths[pid] = day


def parse_day(text: str) -> int | None:
    """Day number (days since 1970-01-01) of an ISO or US (MM/DD/YYYY) date; None if neither."""
    s = text.strip()[:10]
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y%m%d"):
        try:
            d = dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
        return (d - dt.date(1970, 1, 1)).days
    return None
