"""Mentions as the linkage table (one row per mention, the columns ``linkage.py`` compares)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Container, Iterator, Mapping, Sequence
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
#: the columns Splink reads, in order
SPLINK_COLUMNS = (*_STRING_COLUMNS, "first_group", *LIST_COLUMNS)


def shared_placeholders(mentions: Sequence[Mention]) -> set[str]:
    """SSNs that mentions with at least ``PLACEHOLDER_SSN_DOBS`` different DOBs share."""
    dobs: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.identity.ssn and m.identity.dob:
            dobs[m.identity.ssn].add(m.identity.dob)
    return {ssn for ssn, ds in dobs.items() if len(ds) >= PLACEHOLDER_SSN_DOBS}


#: the fields of a linkage row, in order
ROW_FIELDS = ("unique_id", "first_name", "first_group", "last_name", "suffix", "first_ph", "last_ph", "dob",
              "ssn", "mrn", "member_id", "phone", "email", "street", "zip5", "phones", "emails", "member_ids",
              "contact", "structured", "minor", "middle_initial")


class LinkageRow(Mapping[str, Any]):
    """One mention's linkage row, read like a dict (``row["dob"]``, ``row.get("ssn")``) but stored in
    slots: a case has millions of mentions and a dict per row costs more than twice as much."""

    __slots__ = ROW_FIELDS

    def __init__(self, unique_id: str, first_name: str | None, first_group: Sequence[str] | None,
                 last_name: str | None, suffix: str | None, first_ph: str | None, last_ph: str | None,
                 dob: str | None, ssn: str | None, mrn: str | None, member_id: str | None, phone: str | None,
                 email: str | None, street: str | None, zip5: str | None, phones: Sequence[str] | None,
                 emails: Sequence[str] | None, member_ids: Sequence[str] | None, contact: bool,
                 structured: bool, minor: bool, middle_initial: str | None = None) -> None:
        self.unique_id, self.first_name, self.first_group = unique_id, first_name, first_group
        self.last_name = last_name
        self.suffix, self.first_ph, self.last_ph, self.dob, self.ssn = suffix, first_ph, last_ph, dob, ssn
        self.mrn, self.member_id, self.phone, self.email, self.street = mrn, member_id, phone, email, street
        self.zip5, self.phones, self.emails, self.member_ids = zip5, phones, emails, member_ids
        self.contact, self.structured, self.minor = contact, structured, minor
        self.middle_initial = middle_initial

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except (AttributeError, TypeError):
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        """The field's value (``default`` for a name that is no field)."""
        return getattr(self, key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(ROW_FIELDS)

    def __len__(self) -> int:
        return len(ROW_FIELDS)

    def __repr__(self) -> str:
        return f"LinkageRow({self.unique_id})"  # never the values: they are PHI


def linkage_rows(mentions: Sequence[Mention], day: dt.date | None = None) -> dict[str, LinkageRow]:
    """mention id -> its linkage row (placeholder SSNs nulled; ``minor``: under 18 on ``day``, the
    notice date, default today)."""
    placeholders = shared_placeholders(mentions)
    today = day or dt.date.today()
    rows: dict[str, LinkageRow] = {}
    for m in mentions:
        i, n, a = m.identity, m.identity.name, m.identity.address
        rows[m.mention_id] = linkage_row(m.mention_id, m.kind, m.role, n.first, n.last, n.suffix, i.dob,
                                         i.ssn, i.mrn, i.member_id, i.phones, i.emails, i.member_ids,
                                         a.street, a.zip5, placeholders, today, n.middle)
    return rows


def linkage_row(mid: str, kind: str, role: str | None, first: str | None, last: str | None,
                suffix: str | None, dob: str | None, ssn: str | None, mrn: str | None, member_id: str | None,
                phones: Sequence[str], emails: Sequence[str], member_ids: Sequence[str], street: str | None,
                zip5: str | None, placeholders: Container[str], today: dt.date,
                middle: str | None = None) -> LinkageRow:
    """The linkage row of one mention from its identity values (``placeholders``: SSNs to null;
    ``middle``: the normalised middle name, kept as its initial)."""
    return LinkageRow(
        mid, first, first_name_group(first), last, suffix, phonetic(first), phonetic(last),
        dob if dob and len(dob) == 10 else None, None if ssn in placeholders else ssn, mrn, member_id,
        phones[0] if phones else None, emails[0] if emails else None, street, zip5,
        tuple(phones) or None, tuple(emails) or None, tuple(member_ids) or None,
        role in CONTACT_ROLES, kind in STRUCTURED_KINDS, bool(minor_on(dob, today)),
        (middle or "")[:1] or None)


def to_arrow(rows: Mapping[str, Mapping[str, Any]]) -> pa.Table:
    """The linkage rows as an Arrow table (Splink's input; a ``rowtable.RowTable`` has it already)."""
    if hasattr(rows, "splink_input"):
        return rows.splink_input()
    values = list(rows.values())
    cols: dict[str, Any] = {c: pa.array([r[c] for r in values], pa.string()) for c in _STRING_COLUMNS}
    for c in ("first_group", *LIST_COLUMNS):
        cols[c] = pa.array([r[c] for r in values], pa.list_(pa.string()))
    return pa.table(cols)
