"""Key columns of tables: the id-like cells no detector claims (``Id``, ``PATIENT``,
``guarantor_id``, ``Claim #``), kept per row so people resolution can join a row that holds no
identity (a diagnosis keyed by ``PATIENT``) to the person of the row its key points at.

A column is a key column when its header names an identifier (a last word such as ``id``,
``key``, ``no``, ``number``, or an entity word alone such as ``patient`` or ``encounter``) and
nearly all of a sample of its cells are single tokens (no spaces, at most 64 characters). Values
are normalised (trimmed, case-folded, leading zeros of all-digit keys dropped) before the store
hashes them; the raw key never leaves the scanning process in clear outside the encrypted store.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import polars as pl

from phiscope.model import TableBatch
from phiscope.scan.text import normalize_label

#: last words of a header that name an identifier
ID_WORDS = frozenset({"id", "ids", "key", "uuid", "guid", "pk", "fk", "no", "num", "nbr", "number", "ref",
                      "identifier"})
#: whole headers that name the entity a key refers to (Synthea's ``PATIENT``, ``ENCOUNTER``)
ENTITY_WORDS = frozenset({"patient", "person", "member", "subscriber", "guarantor", "client", "customer",
                          "account", "encounter", "visit", "admission", "claim", "user", "employee",
                          "resident", "enrollee", "beneficiary", "insured", "case", "episode", "order"})
#: share of sampled cells that must look like a key
TOKEN_RATIO = 0.95
STRONG_LEN, STRONG_DIGITS = 8, 12
SAMPLE = 200
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,63}$")


def is_key_header(header: str) -> bool:
    """Whether a column header names an identifier (``Id``, ``PATIENT``, ``guarantor_id``, ``Claim #``)."""
    words = normalize_label(header.replace("#", " no ")).split()
    if not words:
        return False
    if words[-1] in ID_WORDS:
        return True
    one = words[0] if len(words) == 1 else ""
    return one in ENTITY_WORDS or (one.endswith("id") and one[:-2] in ENTITY_WORDS)  # PATIENTID


def looks_like_keys(col: pl.Series) -> bool:
    """Whether nearly all of a sample of the column's non-empty cells are single id-like tokens."""
    sample = [v.strip() for v in col.drop_nulls().head(SAMPLE).to_list() if v and v.strip()]
    if not sample:
        return False
    return sum(bool(_TOKEN.match(v)) for v in sample) >= TOKEN_RATIO * len(sample)


def singular(word: str) -> str:
    """``payers`` -> ``payer``, ``facilities`` -> ``facility`` (table and entity names)."""
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word


def table_name(batch: TableBatch) -> str:
    """The table's own name: the SQL table or sheet (without a schema), else the file's stem."""
    if batch.loc.sheet:
        return batch.loc.sheet.rsplit(".", 1)[-1]
    last = batch.loc.path.rsplit("!/", 1)[-1]
    return PurePosixPath(last).stem


def normalize_keys(values: pl.Series) -> pl.Series:
    """Trimmed, case-folded keys; all-digit keys without leading zeros (``007`` = ``7``)."""
    s = values.str.strip_chars().str.to_lowercase()
    digits = s.str.contains(r"^\d+$")
    stripped = s.str.strip_chars_start("0")
    return pl.select(pl.when(digits & (stripped == "")).then(pl.lit("0"))
                     .when(digits).then(stripped).otherwise(s)).to_series()


def strong(key: pl.Expr) -> pl.Expr:
    """Whether a normalised key is a global id rather than a counter every table shares: at least
    ``STRONG_LEN`` characters with a non-digit (a UUID, ``MRN-0042817``), or ``STRONG_DIGITS`` digits."""
    digits = key.str.contains(r"^\d+$")
    n = key.str.len_chars()
    return (((n >= STRONG_LEN) & ~digits) | (n >= STRONG_DIGITS)).alias("strong")


def key_frame(doc_sha: str, doc_key: str, batch: TableBatch, columns: list[str]) -> pl.DataFrame | None:
    """One row per non-empty key cell of ``columns``: document, row key (as the table scanner
    gives its findings), table id and name, column, the normalised key (``key``) and whether it
    is ``strong``."""
    if not columns:
        return None
    n = batch.frame.height
    rows = pl.int_range(batch.first_row, batch.first_row + n, eager=True)
    row_keys = pl.select(pl.format(f"{doc_key[:16]}:{batch.table_id}:{{}}", rows)).to_series()
    name = table_name(batch)
    parts = []
    for column in columns:
        keys = normalize_keys(batch.frame[column])
        part = pl.DataFrame({"row_key": row_keys, "key": keys}).filter(
            pl.col("key").is_not_null() & (pl.col("key") != "")).with_columns(strong(pl.col("key")))
        parts.append(part.with_columns(pl.lit(column).alias("column")))
    frame = pl.concat(parts)
    if frame.is_empty():
        return None
    return frame.with_columns(pl.lit(doc_sha).alias("doc_sha"), pl.lit(batch.table_id).alias("table_id"),
                              pl.lit(name).alias("table_name")).select(KEY_COLUMNS)


#: columns of a key frame, in order
KEY_COLUMNS = ["doc_sha", "row_key", "table_id", "table_name", "column", "key", "strong"]
