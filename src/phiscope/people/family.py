"""Links between the free-text mentions of one e-mail message and its attachments.

A message that says "Attached is the referral for Scott F. Thompson (DOB 7/12/1987)" and the
referral attached to it are about the same person, though the body alone gives nothing but a
birth date (names in prose are not detected yet) — and a birth date alone never merges across a
case. Inside one message, it is as specific as it gets: two free-text mentions of the same message
(body, attachments; not the From/To headers, who are correspondents) sharing a birth date, SSN or
MRN, with no conflict between them, are linked. A message with more than ``MAX_FAMILY`` free-text
mentions (a list of patients) gets no such links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.conflicts import conflict
from phiscope.people.place import Placed
from phiscope.people.rowtable import RowTable, rows_of
from phiscope.people.rule_links import rule_links

#: mention kinds of free text whose subject the message is about (headers are correspondents)
TEXT_KINDS = frozenset({"document", "line-segment", "nearest-name"})
MAX_FAMILY = 6
SHARED_FIELDS = ("dob", "ssn", "mrn")
MESSAGE_LINK = "same-message"
_MESSAGE = re.compile(r"^(msg\d+)(?:/|$)")
_KEY_MESSAGE = re.compile(r"^text:(msg\d+):")


def message_of(m: Placed) -> tuple[str, str] | None:
    """(e-mail file, message in it) of a free-text mention read from an e-mail or its attachments."""
    if m.kind not in TEXT_KINDS:
        return None
    top, _, inner = m.path.partition("!/")
    if not top.lower().endswith((".eml", ".mbox", ".msg")):
        return None
    in_key = _KEY_MESSAGE.match(m.key)
    in_path = _MESSAGE.match(inner)
    return top, (in_key.group(1) if in_key else in_path.group(1) if in_path else "")


def message_links(mentions: Sequence[Placed], rows: Mapping[str, Mapping[str, Any]]) -> pa.Table:
    """Pairs (``rule_links`` rows, probability 1) of same-message mentions sharing a DOB, SSN or MRN."""
    table = rows if isinstance(rows, RowTable) else RowTable.from_rows(rows)
    families: dict[tuple[str, str], list[str]] = {}
    for m in mentions:
        fam = message_of(m)
        if fam is not None and m.mention_id in table:
            families.setdefault(fam, []).append(m.mention_id)
    linked = [sorted(ids) for ids in families.values() if 2 <= len(ids) <= MAX_FAMILY]
    found = rows_of(table, (i for ids in linked for i in ids))
    left: list[str] = []
    right: list[str] = []
    keys: list[str] = []
    for ids in linked:
        for n, a in enumerate(ids):
            for b in ids[n + 1:]:
                ra, rb = found[a], found[b]
                shared = [k for k in SHARED_FIELDS if ra.get(k) and ra.get(k) == rb.get(k)]
                if shared and conflict(ra, rb) is None:
                    left.append(a)
                    right.append(b)
                    keys.append(shared[0])
    return rule_links(table.positions(left), table.positions(right), 1.0, 30.0, MESSAGE_LINK, keys)
