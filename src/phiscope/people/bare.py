"""Mentions that are nothing but an e-mail address, a phone number, an MRN or a member ID.

A From/To header, a signature's direct line, a row of a table that refers to patients by key
(encounters, claims, labs): each says who holds one value and nothing else. Splink's evidence from
one exact value alone stays under the auto-merge band on a large case, so each such mention would
otherwise be a person of its own. ``address_links`` joins it to the person holding that value.
The values are grouped over the linkage rows' Arrow columns (polars); Python looks only at the
values a bare mention holds together with another mention.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.cluster import conflict
from phiscope.people.rowtable import RowTable, rows_of
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
    groups = [(key, ids, bare) for key in BARE_KEYS for ids, bare in _groups(table, key)]
    fuller = rows_of(table, (i for key, ids, b in groups if key not in SHARED_KEYS for i in _fuller(ids, b)))
    left: list[str] = []
    right: list[str] = []
    keys: list[str] = []
    for key, ids, b in groups:
        anchor = _anchor(fuller, ids, b, key)
        joins = [i for i in b if i != anchor]
        left += [anchor] * len(joins)
        right += joins
        keys += [key] * len(joins)
    return rule_links(table.positions(left), table.positions(right), 1.0, 30.0, ADDRESS_LINK, keys)


def _groups(table: RowTable, key: str) -> list[tuple[list[str], list[str]]]:
    """The mentions holding each value of ``key`` (ids in id order) and the bare ones among them
    (holding no other identity value), for values held by two or more mentions, one of them bare;
    values in the order they first occur, rows in id order (a row's list of values in its order)."""
    truthy = {c: pl.col(c).is_not_null() & (pl.col(c) != "") for c in _IDENTITY_COLUMNS}
    many = f"{key}s" if f"{key}s" in table.table.column_names else None
    one = pl.when(truthy[key]).then(pl.concat_list(pl.col(key)))
    values = pl.when(pl.col(many).list.len() > 0).then(pl.col(many)).otherwise(one) if many else one
    frame = pl.from_arrow(table.table.select(["unique_id", *_IDENTITY_COLUMNS, *([many] if many else [])]))
    assert isinstance(frame, pl.DataFrame)
    held = (frame.sort("unique_id")
            .select("unique_id", values.alias("value"),
                    (~pl.any_horizontal([truthy[c] for c in _IDENTITY_COLUMNS if c != key])).alias("bare"))
            .drop_nulls("value").explode("value"))
    # groups in the order of their first row (maintain_order), each group's rows in their order
    grouped = (held.group_by("value", maintain_order=True).agg(pl.col("unique_id"), pl.col("bare"))
               .filter((pl.col("unique_id").list.len() > 1) & pl.col("bare").list.any()))
    return [(ids, [i for i, b in zip(ids, bare, strict=True) if b])
            for ids, bare in zip(grouped["unique_id"].to_list(), grouped["bare"].to_list(), strict=True)]


def _anchor(rows: Mapping[str, Mapping[str, Any]], ids: list[str], bare: list[str], key: str) -> str:
    """Who bare mentions of a value join: the fuller mentions' person when none of them conflicts with
    another, else the first bare mention (a phone a household shares; a family address; an MRN two
    facilities gave to different people)."""
    full = _fuller(ids, bare)
    if key in SHARED_KEYS or not full:
        return bare[0]
    one = all(conflict(rows[a], rows[b]) is None for n, a in enumerate(full) for b in full[n + 1:])
    return full[0] if one else bare[0]


def _fuller(ids: list[str], bare: list[str]) -> list[str]:
    """The mentions of a value saying more than it (the first 50)."""
    held = set(bare)
    return [i for i in ids if i not in held][:50]
