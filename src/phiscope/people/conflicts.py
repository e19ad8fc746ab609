"""Why two mentions can never be one person, whatever their match score — a *conflict*:

* both first names known and none of: equal, one a prefix (an initial) of
  the other, at most two typing edits apart, nickname-equivalent, Jaro-Winkler
  at least 0.88 (twins share DOB, address and phone, seldom a first name);
* both generational suffixes known and different (Jr and Sr);
* both DOBs known and more than two typing edits apart (a parent and child
  with the same name; a day/month swap is two edits);
* both SSNs known and more than two edits apart (a typo or a transposition
  still merges);
* one is a contact person (a next of kin, an emergency contact, a guardian) and the other a minor
  (under 18 at the notice date, ``linkage_rows``): a child is nobody's next of kin, so "KEVIN
  STEIN" on a sibling's NK1 segment is the father Kevin Stein, never his infant son Kevin Stein II
  with the same phone (conflict ``minor``);
* both middle initials known and different (twins William H and William E Reed share a name, a
  birth date, an address and a phone).

A first-name, middle-initial or DOB conflict is waived when the SSN or the MRN is equal (an
identifier only that person holds); first and last name swapped is no conflict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jellyfish

from phiscope.people.normalize import first_name_group

#: edits (Damerau-Levenshtein) two values may differ by and still be one value mistyped
TYPO_EDITS = 2


def _typo_apart(a: str, b: str) -> bool:
    return jellyfish.damerau_levenshtein_distance(a, b) <= TYPO_EDITS


def _day_month_swapped(a: str, b: str) -> bool:
    """ISO dates whose day and month trade places: 04/11/1973 read once as April 11, once as
    November 4 (a US and a European source), not two birth dates."""
    return len(a) == len(b) == 10 and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


def _other_first_name(a: str, b: str) -> bool:
    if a == b or a.startswith(b) or b.startswith(a) or _typo_apart(a, b):
        return False
    if set(first_name_group(a) or ()) & set(first_name_group(b) or ()):
        return False
    return jellyfish.jaro_winkler_similarity(a, b) < 0.88


def conflict(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    """Why two mentions (linkage rows) can never be one person, or None."""
    if (a.get("contact") and b.get("minor")) or (b.get("contact") and a.get("minor")):
        return "minor"
    sa, sb = a.get("suffix"), b.get("suffix")
    if sa and sb and sa != sb:
        return "suffix"
    if any(a.get(k) and a.get(k) == b.get(k) for k in ("ssn", "mrn")):
        return None  # an identifier only this person holds outweighs a name or DOB mistyped
    fa, fb = a.get("first_name"), b.get("first_name")
    swapped = fa and fa == b.get("last_name") and a.get("last_name") == fb
    if fa and fb and not swapped and _other_first_name(str(fa), str(fb)):
        return "first_name"
    ma, mb = a.get("middle_initial"), b.get("middle_initial")
    if ma and mb and ma != mb:  # twins William H and William E Reed: one DOB, address and phone
        return "middle_initial"
    for field in ("dob", "ssn"):
        va, vb = a.get(field), b.get(field)
        if va and vb and not _typo_apart(str(va), str(vb)):
            if field == "dob" and _day_month_swapped(str(va), str(vb)):
                continue
            if field == "ssn" and _one_household_identity(a, b):
                continue
            return field
    return None


def _one_household_identity(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same first name, last name and birth date, and the same street, ZIP or phone: a second
    person with all of these (twins differ in first name, a Jr in birth date) is far rarer than an
    SSN keyed wrongly or copied from a family member, so two such SSNs are no conflict."""
    if not all(a.get(k) and a.get(k) == b.get(k) for k in ("first_name", "last_name", "dob")):
        return False
    if any(a.get(k) and a.get(k) == b.get(k) for k in ("street", "zip5")):
        return True
    return bool(set(a.get("phones") or ()) & set(b.get("phones") or ()))


#: the linkage columns ``conflict`` reads: members with equal values here clash alike (the street,
#: ZIP and phones too: ``_one_household_identity`` reads them)
CONFLICT_FIELDS = ("suffix", "ssn", "mrn", "first_name", "last_name", "dob", "contact", "minor", "street",
                   "zip5", "phones", "middle_initial")


def conflict_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """The values of ``CONFLICT_FIELDS`` in ``row`` (a list as a tuple): rows with equal keys clash
    alike with any other row."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in (row.get(f) for f in CONFLICT_FIELDS))
