"""Mentions as the linkage table (one row per mention, the columns ``linkage.py`` compares)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.identity import CONTACT_ROLES
from phiscope.people.mentions import Mention
from phiscope.people.normalize import first_name_group, phonetic
from phiscope.people.summary import minor_on

#: an SSN seen with this many different birth dates is a shared placeholder, never a merge key
PLACEHOLDER_SSN_DOBS = 3

#: mentions read from a table row or a typed record, where a field says what each value is (not
#: free text or a mail header, where a name may be anyone's: a correspondent, a clinician)
STRUCTURED_KINDS = frozenset({"row", "record"})
#: every value of a mention's phones, e-mails and member ids (the scalar columns hold the first)
LIST_COLUMNS = ("phones", "emails", "member_ids")
_STRING_COLUMNS = ("unique_id", "first_name", "last_name", "suffix", "first_ph", "last_ph", "dob", "ssn",
                   "mrn", "member_id", "phone", "email", "street", "zip5")


def shared_placeholders(mentions: Sequence[Mention]) -> set[str]:
    """SSNs that mentions with at least ``PLACEHOLDER_SSN_DOBS`` different DOBs share."""
    dobs: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.identity.ssn and m.identity.dob:
            dobs[m.identity.ssn].add(m.identity.dob)
    return {ssn for ssn, ds in dobs.items() if len(ds) >= PLACEHOLDER_SSN_DOBS}


def linkage_rows(mentions: Sequence[Mention], day: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """mention id -> its linkage row (placeholder SSNs nulled; ``minor``: under 18 on ``day``, the
    notice date, default today)."""
    placeholders = shared_placeholders(mentions)
    today = day or dt.date.today()
    rows: dict[str, dict[str, Any]] = {}
    for m in mentions:
        i, n, a = m.identity, m.identity.name, m.identity.address
        rows[m.mention_id] = {
            "unique_id": m.mention_id, "first_name": n.first, "first_group": first_name_group(n.first),
            "last_name": n.last, "suffix": n.suffix, "first_ph": phonetic(n.first),
            "last_ph": phonetic(n.last), "dob": i.dob if i.dob and len(i.dob) == 10 else None,
            "ssn": None if i.ssn in placeholders else i.ssn, "mrn": i.mrn, "member_id": i.member_id,
            "phone": i.phones[0] if i.phones else None, "email": i.emails[0] if i.emails else None,
            "street": a.street, "zip5": a.zip5,
            "phones": i.phones or None, "emails": i.emails or None, "member_ids": i.member_ids or None,
            "contact": m.role in CONTACT_ROLES, "structured": m.kind in STRUCTURED_KINDS,
            "minor": bool(minor_on(i.dob, today)),
        }
    return rows


def to_arrow(rows: dict[str, dict[str, Any]]) -> pa.Table:
    """The linkage rows as an Arrow table (Splink's input)."""
    values = list(rows.values())
    cols: dict[str, Any] = {c: pa.array([r[c] for r in values], pa.string()) for c in _STRING_COLUMNS}
    for c in ("first_group", *LIST_COLUMNS):
        cols[c] = pa.array([r[c] for r in values], pa.list_(pa.string()))
    return pa.table(cols)
