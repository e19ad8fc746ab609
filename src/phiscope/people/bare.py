"""Mentions that are nothing but an e-mail address, a phone number, an MRN or a member ID.

A From/To header, a signature's direct line, a row of a table that refers to patients by key
(encounters, claims, labs): each says who holds one value and nothing else. Splink's evidence from
one exact value alone stays under the auto-merge band on a large case, so each such mention would
otherwise be a person of its own. ``address_links`` joins it to the person holding that value.
The values are grouped over the linkage rows' Arrow columns (polars); Python looks only at the
values a bare mention holds together with another mention.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.conflicts import CONFLICT_FIELDS, conflict, conflict_key
from phiscope.people.rowtable import RowTable, field_rows
from phiscope.people.rule_links import rule_links

#: linkage columns that tell people apart
_IDENTITY_COLUMNS = ("first_name", "last_name", "dob", "ssn", "mrn", "member_id", "phone", "email", "street")
#: a mention that is only one of these (a From/To address, a call-back number, a row of a table keyed
#: by MRN or member ID, such as encounters or claims) belongs to that value's holder
BARE_KEYS = ("email", "phone", "mrn", "member_id")
#: values a household shares: their bare mentions join each other, never a person
SHARED_KEYS = frozenset({"phone"})
ADDRESS_LINK = "bare-contact"


def address_links(rows: Mapping[str, Mapping[str, Any]]) -> pa.Table:
    """Pairs (``rule_links`` rows) that join a mention holding nothing but one e-mail address (a
    From/To header), MRN or member ID (a row of a table that refers to patients by key: encounters,
    claims, labs) to another mention with that value, preferring one that says more, and mentions
    holding nothing but the same phone number (a signature's direct line) to each other. Splink's
    evidence from one exact value alone stays under the auto-merge band on a large case, so each such
    mention would otherwise be a person of its own. The clustering's conflict checks still apply."""
    table = rows if isinstance(rows, RowTable) else RowTable.from_rows(rows)
    left: list[str] = []
    right: list[str] = []
    keys: list[str] = []
    for key in BARE_KEYS:
        for groups in _groups(table, key):
            # rows only where two or more fuller mentions must be checked for a conflict (a million
            # patients' MRN groups would otherwise make a row object of every patient's record)
            checked = field_rows(table, () if key in SHARED_KEYS else
                                 (i for ids, b in groups if len(full := _fuller(ids, b)) > 1 for i in full),
                                 CONFLICT_FIELDS)
            for ids, b in groups:
                anchor = _anchor(checked, ids, b, key)
                joins = [i for i in b if i != anchor]
                left += [anchor] * len(joins)
                right += joins
                keys += [key] * len(joins)
    return rule_links(table.positions(left), table.positions(right), 1.0, 30.0, ADDRESS_LINK, keys)


#: groups of mentions sharing a value looked at together (their ids as Python lists)
GROUP_SLICE = 10_000


def _groups(table: RowTable, key: str) -> Iterator[list[tuple[list[str], list[str]]]]:
    """The mentions holding each value of ``key`` (ids in id order) and the bare ones among them
    (holding no other identity value), for values held by two or more mentions, one of them bare;
    values in the order they first occur, rows in id order (a row's list of values in its order);
    ``GROUP_SLICE`` groups at a time."""
    truthy = {c: pl.col(c).is_not_null() & (pl.col(c) != "") for c in _IDENTITY_COLUMNS}
    many = f"{key}s" if f"{key}s" in table.table.column_names else None
    one = pl.when(truthy[key]).then(pl.concat_list(pl.col(key)))
    values = pl.when(pl.col(many).list.len() > 0).then(pl.col(many)).otherwise(one) if many else one
    # the other identity columns only as one flag (a million patients' strings stay in Arrow), rows
    # in id order by their rank
    said = [pc.fill_null(pc.not_equal(table.table.column(c), ""), False)
            for c in _IDENTITY_COLUMNS if c != key]
    bare = pc.invert(functools.reduce(pc.or_, said)).combine_chunks()
    frame = pl.from_arrow(table.table.select(["unique_id", key, *([many] if many else [])]))
    assert isinstance(frame, pl.DataFrame)
    held = (frame.with_columns(bare=pl.Series(bare.to_numpy(zero_copy_only=False)),
                               rank=pl.Series(table.id_ranks()))
            .select("unique_id", values.alias("value"), "bare", "rank")
            .drop_nulls("value").sort("rank").drop("rank").explode("value"))
    # groups in the order of their first row (maintain_order), each group's rows in their order
    grouped = (held.group_by("value", maintain_order=True).agg(pl.col("unique_id"), pl.col("bare"))
               .filter((pl.col("unique_id").list.len() > 1) & pl.col("bare").list.any()))
    for start in range(0, grouped.height, GROUP_SLICE):
        part = grouped.slice(start, GROUP_SLICE)
        yield [(ids, [i for i, b in zip(ids, bare, strict=True) if b])
               for ids, bare in zip(part["unique_id"].to_list(), part["bare"].to_list(), strict=True)]


def _anchor(rows: Mapping[str, Mapping[str, Any]], ids: list[str], bare: list[str], key: str) -> str:
    """Who bare mentions of a value join: the fuller mentions' person when none of them conflicts with
    another, else the first bare mention (a phone a household shares; a family address; an MRN two
    facilities gave to different people)."""
    full = _fuller(ids, bare)
    if key in SHARED_KEYS or not full:
        return bare[0]
    return full[0] if len(full) == 1 or _no_conflict([rows[i] for i in full]) else bare[0]


def _no_conflict(rows: list[Mapping[str, Any]]) -> bool:
    """No two of ``rows`` conflict (``conflict`` is symmetric): each distinct row checked once against
    each other one and, when it occurs twice or more, against itself (a patient's record repeats
    down a breach's files)."""
    counts: dict[tuple[Any, ...], int] = {}
    first: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for row in rows:
        sig = conflict_key(row)
        counts[sig] = counts.get(sig, 0) + 1
        first.setdefault(sig, row)
    distinct = list(first.items())
    return (all(conflict(r, r) is None for sig, r in distinct if counts[sig] > 1)
            and all(conflict(a, b) is None for n, (_, a) in enumerate(distinct) for _, b in distinct[n + 1:]))


def _fuller(ids: list[str], bare: list[str]) -> list[str]:
    """The mentions of a value saying more than it (the first 50)."""
    held = set(bare)
    return [i for i in ids if i not in held][:50]
