"""The identities of a part's table-row and record mentions, column by column.

``identity.build_identity`` reads a mention's findings one at a time; here the findings of every
group of a part are normalised once per distinct value and the first DOB, SSN, MRN, street and name
part of each group, its phones, e-mails, member ids and city lines are gathered in polars. Python
then assembles each group's ``Identity`` from those values (``identity.assemble``, the function
``build_identity`` ends with), so both give the same identity for the same findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from phiscope.people.identity import (
    IDENTITY_ELEMENTS,
    MEMBER_ELEMENTS,
    Identity,
    _last_key,
    _norm,
    assemble,
    is_fax,
    member_value,
    name_slot,
)
from phiscope.people.mentions import GroupKey
from phiscope.people.normalize import clean_ssn

#: the elements an identity is read from (a city line too: it completes the street's address)
READ = frozenset({*IDENTITY_ELEMENTS, "city_state_zip"})
_SLOTS = ("first", "middle", "last", "full")
_SEP = "\x00"


def identities(df: pl.DataFrame, group: tuple[str, str, str]) -> dict[GroupKey, Identity]:
    """The identity of each group (``group``: its three key columns) of the findings in ``df``, sorted
    in each group's order and with ``_other`` telling someone else's findings; groups none of whose
    own findings has a value that the identity reads are left out."""
    el, value = pl.col("element"), pl.col("value")
    own = df.filter(~pl.col("_other") & el.is_in(list(READ)) & value.is_not_null() & (value != ""))
    if not own.height:
        return {}
    own = own.with_columns(mapped(own, ("element", "value"), _normalised).alias("_norm"),
                           mapped(own, ("column", "json_path"), _slot).alias("_slot"),
                           mapped(own, ("flags", "detector_id"), _fax).alias("_fax"))
    norm = pl.col("_norm")
    member = el.is_in(list(MEMBER_ELEMENTS))
    name = el == "person_name"
    per = own.group_by(*group, maintain_order=True).agg(
        norm.filter(el == "dob").first().alias("dob"),
        norm.filter((el == "ssn") & norm.is_not_null()).first().alias("ssn"),
        norm.filter(el == "mrn").first().alias("mrn"),
        norm.filter((el == "phone") & (pl.col("_fax") == "")).alias("phones"),
        norm.filter(el == "email").alias("emails"),
        value.filter(el == "street_address").first().alias("street"),
        value.filter(el == "city_state_zip").alias("bits"),
        el.filter(member).alias("member_elements"), norm.filter(member).alias("members"),
        *(value.filter(name & (pl.col("_slot") == s)).first().alias(f"name_{s}") for s in _SLOTS))
    out: dict[GroupKey, Identity] = {}
    for g in per.iter_rows(named=True):
        parts = {s: g[f"name_{s}"] for s in _SLOTS if g[f"name_{s}"] is not None}
        members = [(MEMBER_ELEMENTS.index(e), m)
                   for e, m in zip(g["member_elements"], g["members"], strict=True)]
        out[(g[group[0]], g[group[1]], g[group[2]])] = assemble(
            parts, g["dob"], g["ssn"], g["mrn"], members, g["phones"], g["emails"], g["street"], g["bits"])
    return out


def mapped(df: pl.DataFrame, fields: tuple[str, ...], fn: Callable[[list[Any]], Any],
           dtype: pl.DataType | type[pl.DataType] = pl.String) -> pl.Expr:
    """A column of ``dtype``: ``fn`` of each finding's ``fields``, called once per distinct
    combination (the same few repeat over a part's findings)."""
    key = pl.concat_str([pl.col(c).fill_null(_SEP) for c in fields], separator=_SEP)
    distinct = df.select(*fields, key.alias("_k")).unique("_k")
    answers = {row[-1]: fn(list(row[:-1])) for row in distinct.iter_rows()}
    return key.replace_strict(answers, return_dtype=dtype)


def _normalised(values: list[Any]) -> str | None:
    """A finding's value as ``build_identity`` keeps it (None: an SSN that is no SSN)."""
    element, value = values
    if element in ("dob", "mrn", "phone", "email"):
        return _norm(element, value)
    if element == "ssn":
        return clean_ssn(_norm("ssn", value))
    if element in MEMBER_ELEMENTS:
        return member_value(value)
    return str(value)


def _slot(values: list[Any]) -> str:
    column, json_path = values
    return name_slot(column or _last_key(str(json_path or "")))


def _fax(values: list[Any]) -> str:
    return "fax" if is_fax(*values) else ""
