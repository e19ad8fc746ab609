"""One resolved person from its mentions: the values a notification list needs.

* person id: ``P`` + the first 16 hex digits of SHA-256 of the smallest
  mention id in the cluster. Mention ids hash the document's SHA-256 and the
  group key (row key, JSON record, or the text part's index), so the same
  input resolved again gives the same ids;
* best name: the most frequent display name among mentions that give both a
  first and a last name (ties: the longest, then alphabetical);
* best address: the most frequent full mailing address; state of residence:
  its state, else the most frequent state seen;
* DOB: the most frequent ISO birth date; minor: under 18 at the notice date;
* contact channels: every phone and e-mail, most frequent first;
* exposed element types: every element found in the person's rows, records or
  documents (context findings included).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from phiscope.people.mentions import Mention


def person_id(mention_ids: Iterable[str]) -> str:
    """The id a *new* person whose cluster holds ``mention_ids`` gets (the hash of its smallest mention
    id); a person seen by an earlier resolution keeps its id (``stable_ids.assign_ids``)."""
    return "P" + hashlib.sha256(min(mention_ids).encode()).hexdigest()[:16]


def _mode(values: Iterable[str | None], tiebreak_longest: bool = False) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], -len(v) if tiebreak_longest else 0, v))


def _ranked(values: Iterable[str]) -> list[str]:
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], v))


def age_on(dob: str | None, day: dt.date) -> int | None:
    """Whole years between an ISO ``dob`` and ``day`` (None when the DOB is unknown or not a date)."""
    try:
        born = dt.date.fromisoformat(dob) if dob else None
    except ValueError:
        return None
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


#: under this age on the notice date a person is a minor
MINOR_AGE = 18


def minor_on(dob: str | None, day: dt.date) -> bool | None:
    """Whether someone born on ``dob`` is a minor on ``day`` (None when the DOB is unknown)."""
    age = age_on(dob, day)
    return None if age is None else age < MINOR_AGE


def summarize(mentions: Sequence[Mention], notice_date: dt.date, review_links: int = 0) -> dict[str, Any]:
    """The ``people`` row of one cluster of mentions (raw values: for the encrypted store only); its
    ``person_id`` is ``person_id`` of the mentions, which resolution replaces by the stable id."""
    ids = [m.identity for m in mentions]
    names = [i.display_name for i in ids if i.name.first and i.name.last] or [i.display_name for i in ids]
    address = _mode((i.address.display() for i in ids), tiebreak_longest=True)
    state = next((i.address.state for i in ids if i.address.display() == address and i.address.state), None)
    dob = _mode(i.dob for i in ids)
    return {
        "person_id": person_id(m.mention_id for m in mentions),
        "full_name": _mode(names, tiebreak_longest=True),
        "address": address,
        "state": state or _mode(i.address.state for i in ids),
        "dob": dob,
        "minor": minor_on(dob, notice_date),
        "deceased": None, "deceased_date": None,
        "phones": _ranked(p for i in ids for p in i.phones),
        "emails": _ranked(e for i in ids for e in i.emails),
        "element_types": sorted({e for m in mentions for e in m.elements}),
        "mention_count": len(mentions),
        "review_links": review_links,
    }
