"""Values an organisation prints on many people's documents — a letterhead's address and phone, a
clinic's main number, a department's e-mail — found in free text: context, never who a mention is.

A contact value (phone, e-mail, street address, city/state/ZIP line) seen in the free-text units
(documents, e-mail messages) of at least ``SHARED_VALUE_PEOPLE`` different people — counted as
different birth dates, MRNs or SSNs beside it — is *shared*. A patient's own phone sits beside their
own birth date; a household's beside a few; a letterhead's beside every patient the clinic wrote
to. Table rows and structured records are not counted: there a column or a field says whose a value
is (a nursing home's residents share their address, and it is still where their letters go).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Finding = Mapping[str, Any]
Key = tuple[str, str]

#: a free-text contact value seen beside this many different people is an organisation's
SHARED_VALUE_PEOPLE = 10
_SUBJECT_ELEMENTS = ("dob", "mrn", "ssn")
_WORDS = re.compile(r"[A-Z0-9]+")


def value_key(f: Finding) -> Key | None:
    """(element, comparable value) of a contact finding, None for other elements."""
    el, value = str(f["element"]), str(f.get("value") or "")
    if el == "phone":
        digits = re.sub(r"\D", "", value)[-10:]
        return (el, digits) if len(digits) == 10 else None
    if el == "email":
        return el, value.strip().lower()
    if el in ("street_address", "city_state_zip"):
        return el, " ".join(_WORDS.findall(value.upper()))
    return None


def shared_values(units: Iterable[Sequence[Finding]]) -> frozenset[Key]:
    """The contact values of free-text ``units`` (each one document's or message's findings) seen
    beside at least ``SHARED_VALUE_PEOPLE`` different birth dates, MRNs or SSNs."""
    seen: dict[Key, dict[str, set[str]]] = {}
    done: set[Key] = set()
    for fs in units:
        subjects = {el: {str(f.get("value")) for f in fs if f["element"] == el} for el in _SUBJECT_ELEMENTS}
        if not any(subjects.values()):
            continue
        for f in fs:
            key = value_key(f)
            if key is None or key in done:
                continue
            per = seen.setdefault(key, {el: set() for el in _SUBJECT_ELEMENTS})
            for el, values in subjects.items():
                per[el].update(values)
            if max(len(v) for v in per.values()) >= SHARED_VALUE_PEOPLE:
                done.add(key)
                del seen[key]  # decided: stop growing its sets
    return frozenset(done)
