"""Mentions of table rows and structured records built a part at a time, column by column.

Most of a case's findings are cells of table rows and fields of structured records (``mentions``
rule 2: the findings sharing a row key are one mention). ``MentionBuilder`` makes a dict of every
finding and groups them one at a time; here a part's row and record findings are grouped, ordered
and sorted into a person's own findings and context in polars (their identities too:
``table_identity``), and Python only sees each group once, to make its ``Mention``. The mentions,
their places and the loose findings are the builder's (``tests/people/test_build.py`` compares both).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.identity import IDENTITY_ELEMENTS, Identity, build_identity, is_other_person
from phiscope.people.mentions import (
    BUSINESS_ROLES,
    CONF_TABLE,
    CONTACT_ELEMENTS,
    GroupKey,
    Loose,
    Mention,
    contact_column,
    contact_mention,
    mention_id,
    new_mention,
)
from phiscope.people.table_identity import identities, mapped
from phiscope.rows import python_rows

#: a finding's fields ``contact_mention`` reads (through ``build_identity``)
_CONTACT_FIELDS = ("finding_id", "path", "element", "value", "column", "json_path", "flags", "detector_id")
#: the fields ``is_other_person`` reads
_OTHER_FIELDS = ("detector_id", "flags", "element", "column", "json_path", "role")
_STRINGS = ("finding_id", "doc_sha", "path", "element", "detector_id", "value", "row_key", "role", "column",
            "json_path", "flags", "mime_part")
Sink = Callable[[tuple[GroupKey, int], Mention], None]


def split_table_rows(part: pa.Table) -> tuple[pl.DataFrame, pa.Table]:
    """A part's findings of table rows and records (grouped as ``mentions._group_key`` groups them:
    ``kind`` and ``key`` columns added) and the others (JSON records, free text), in their order."""
    df = pl.from_arrow(part)
    assert isinstance(df, pl.DataFrame)
    df = df.with_columns([pl.col(c).cast(pl.String) for c in _STRINGS if c in df.columns]
                         + [pl.col(c).cast(pl.Int64) for c in ("line", "offset", "page") if c in df.columns])
    role = pl.col("role").is_not_null() & (pl.col("role") != "")
    keyed = pl.col("row_key").is_not_null()
    top = pl.col("json_path").str.extract(r"^(\$[^\[]*\[\d+\])", 1)
    kind = (pl.when(keyed & role).then(pl.lit("record"))
            .when(top.is_not_null()).then(pl.lit("json"))
            .when(keyed).then(pl.lit("row")).otherwise(pl.lit("other")))
    df = df.with_columns(kind.alias("_kind"))
    table = df.filter(pl.col("_kind").is_in(["row", "record"]))
    rest = part.filter(df.get_column("_kind").is_in(["json", "other"]).to_arrow())
    return table, rest


def table_mentions(table: pl.DataFrame, sink: Sink) -> dict[tuple[str, str], list[Loose]]:
    """Each row's or record's mention into ``sink`` (and a row's emergency contact's), as
    ``MentionBuilder`` makes them; returns the loose findings of the groups that made none."""
    loose: dict[tuple[str, str], list[Loose]] = {}
    if not table.height:
        return loose
    position = (pl.col("page").fill_null(0) * 1_000_000
                + pl.when(pl.col("line").is_not_null()).then(pl.col("line"))
                .otherwise(pl.col("offset").fill_null(0) // 80))
    elsewho = mapped(table, _OTHER_FIELDS, _other, pl.Boolean)
    contact_cell = mapped(table, ("element", "column"), _contact, pl.Boolean)
    df = (table.with_columns(position.alias("_pos"), elsewho.alias("_other"), contact_cell.alias("_contact"))
          .sort("doc_sha", "_kind", "row_key", "_pos", "finding_id"))
    groups = df.group_by("doc_sha", "_kind", "row_key", maintain_order=True).agg(
        pl.col("finding_id"), pl.col("element"), pl.col("path").first(), pl.col("path").alias("paths"),
        pl.col("_other"), pl.col("role").drop_nulls().unique().sort().alias("roles"),
        (pl.col("element").is_in(list(IDENTITY_ELEMENTS)) & pl.col("value").fill_null("").ne(""))
        .any().alias("may_identify"),
        (pl.col("_contact") & (pl.col("element") == "person_name")).any().alias("has_contact"))
    known = identities(df, ("doc_sha", "_kind", "row_key"))
    contacts = _contact_rows(df)
    for g in groups.iter_rows(named=True):
        doc, kind, key = g["doc_sha"], g["_kind"], g["row_key"]
        roles = [str(r) for r in g["roles"] if r]
        business = kind == "record" and bool(roles) and set(roles) <= BUSINESS_ROLES
        m = None
        if g["may_identify"] and not business:
            m = _mention(doc, kind, key, g, known.get((doc, kind, key)), roles)
        if m is not None and m.identity.has_identity():
            sink(((doc, kind, key), 0), m)
            if kind == "row" and g["has_contact"]:
                contact = contact_mention(doc, key, contacts.get((doc, key), []))
                if contact is not None:
                    sink(((doc, kind, key), 1), contact)
            continue
        held = loose.setdefault((sys.intern(doc), str(key)), [])
        held.extend((str(f), sys.intern(str(e)), sys.intern(str(p)))
                    for f, e, p in zip(g["finding_id"], g["element"], g["paths"], strict=True))
    return loose


def _mention(doc: str, kind: str, key: str, g: Mapping[str, Any], identity: Identity | None,
             roles: list[str]) -> Mention:
    """``mentions._mention`` of one group (its findings in order; ``identity``: ``table_identity``'s,
    None for a group whose own findings say nothing of who it is)."""
    own = [f for f, o in zip(g["finding_id"], g["_other"], strict=True) if not o]
    context = [f for f, o in zip(g["finding_id"], g["_other"], strict=True) if o]
    return new_mention(mention_id(doc, kind, key), doc, str(g["path"]), kind, roles[0] if roles else None,
                       CONF_TABLE, own, context, set(g["element"]), identity or build_identity([]), key,
                       (key,) if own else ())


def _contact_rows(df: pl.DataFrame) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The findings of a row's contact columns, by row (rows whose contact has a name only)."""
    named = (pl.col("_contact") & (pl.col("element") == "person_name")).any().over("doc_sha", "row_key")
    wanted = df.filter((pl.col("_kind") == "row") & pl.col("_contact") & named)
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for f in _dicts(wanted, ("doc_sha", "row_key", *_CONTACT_FIELDS)):
        out.setdefault((f.pop("doc_sha"), f.pop("row_key")), []).append(f)
    return out


def _dicts(df: pl.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    names = list(columns)
    return [f for batch in df.select(names).to_arrow().to_batches()
            for f in python_rows(batch, ("doc_sha", "path", "element", "column", "detector_id"))]


def _other(values: list[Any]) -> bool:
    return is_other_person(dict(zip(_OTHER_FIELDS, values, strict=True)))


def _contact(values: list[Any]) -> bool:
    element, column = values
    return element in CONTACT_ELEMENTS and contact_column(column)
