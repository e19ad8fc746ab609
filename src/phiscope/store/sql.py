"""SQL text for the store: macros, the bulk write statements and read-side expressions.

A stored finding is its raw columns plus the 32-byte ``value_hmac`` (computed
in Python, see ``value_hmac.py``). What is cheap to derive is derived when
read, not stored:

* ``phi_mask(value, keep_first, keep_last)`` gives the masked preview and
  mirrors ``phiscope.detectors.base.mask_value`` (ASCII letters/digits in the
  hidden part become ``*``, other characters stay; short values are starred
  fully); the detector's rule is stored as ``mask_first``/``mask_last``;
* ids are 128-bit MD5 of the identifying fields joined with a unit separator
  (NULL written as a record separator), so the same finding, error or path
  always gets the same id, in any process (the finding id's formula is
  pinned by a test against a Python computation).
"""

from __future__ import annotations

from datetime import UTC, datetime

MACROS = (
    "CREATE OR REPLACE TEMP MACRO phi_star(s) AS regexp_replace(s, '[A-Za-z0-9]', '*', 'g')",
    """CREATE OR REPLACE TEMP MACRO phi_mask(v, f, l) AS
        CASE WHEN length(v) <= 2 * (f + l) THEN phi_star(v)
             ELSE left(v, f) || phi_star(substring(v, f + 1, length(v) - f - l)) || right(v, l) END""",
    # hex of a UHUGEINT, zero-padded: printf('%032x') gives the same string at 1.5x the cost
    "CREATE OR REPLACE TEMP MACRO phi_hex_id(i) AS lpad(lower(hex(i::UHUGEINT)), 32, '0')",
)

#: Location columns, in ``Location`` order after ``path``.
LOCATION_COLUMNS = ("path", "page", "sheet", "row", "column", "col_index", "json_path", "mime_part",
                    "line", "offset", "length")
#: What makes a finding the same finding (its id is derived from these).
FINDING_KEY = ("doc_sha", "detector_id", "element", *LOCATION_COLUMNS)
#: What makes an error record the same record.
ERROR_KEY = ("doc_sha", "kind", *LOCATION_COLUMNS)

STORED_FINDING_COLUMNS = ("doc_sha", "element", "detector_id", "value", "value_hmac", "mask_first",
                          "mask_last", "confidence", "validation", *LOCATION_COLUMNS, "row_key", "role",
                          "flags", "run_id")
ERROR_COLUMNS = ("error_id", "doc_sha", "kind", "message", *LOCATION_COLUMNS, "run_id", "recorded_at")


def utc_now() -> datetime:
    """The current UTC time, naive (stored in ``TIMESTAMP`` columns)."""
    return datetime.now(UTC).replace(tzinfo=None)


def q(name: str) -> str:
    """A quoted identifier (several column names are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def cols(names: tuple[str, ...]) -> str:
    """A comma-separated list of quoted identifiers."""
    return ", ".join(q(n) for n in names)


def key_expr(names: tuple[str, ...]) -> str:
    """128-bit id of the fields ``names`` (NULL kept distinct from any text)."""
    parts = ", ".join(f"coalesce({q(n)}::VARCHAR, chr(30))" for n in names)
    return f"md5_number(concat_ws(chr(31), {parts}))"


# -- reading findings: what is derived, not stored --------------------------------------

#: The finding id as 32 hex digits.
FINDING_ID = f"phi_hex_id({key_expr(FINDING_KEY)})"
#: The masked preview (the detector's rule; the default rule where none was given).
PREVIEW = "phi_mask(value, coalesce(mask_first, 0)::INTEGER, coalesce(mask_last, 4)::INTEGER)"
#: ``value_hmac`` as lower-case hex (what ``SubKeys.value_hmac`` returns).
VALUE_HMAC_HEX = "lower(hex(value_hmac))"

# -- writing findings (see batch.py) ---------------------------------------------------

_TIEBREAK = ("value", "value_hmac", "validation", "row_key", "role", "flags", "mask_first", "mask_last")


def insert_findings(view: str, dedupe: bool, skip_stored: bool) -> str:
    """INSERT of a registered findings batch; parameters: run id (and, with ``skip_stored``,
    the SHA-256 of documents that may already have some of these findings stored).

    ``dedupe`` keeps one finding per key (deterministically: the most confident,
    then the smallest other fields); ``skip_stored`` drops findings whose key is
    already stored for those documents (exact comparison, one scan of ``findings``).
    """
    source = q(view)
    if dedupe:
        source = (f"(SELECT DISTINCT ON ({cols(FINDING_KEY)}) * FROM {q(view)} "
                  f"ORDER BY {cols(FINDING_KEY)}, confidence DESC, {cols(_TIEBREAK)})")
    where = ""
    if skip_stored:
        same = " AND ".join(f"f.{q(n)} IS NOT DISTINCT FROM b.{q(n)}" for n in FINDING_KEY)
        where = (" WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE "
                 f"f.doc_sha IN (SELECT unnest($2::VARCHAR[])) AND {same})")
    select = ", ".join("$1" if n == "run_id" else f"b.{q(n)}" for n in STORED_FINDING_COLUMNS)
    return f"INSERT INTO findings ({cols(STORED_FINDING_COLUMNS)}) SELECT {select} FROM {source} b{where}"


# -- the other tables ------------------------------------------------------------------


def upsert_errors(view: str) -> str:
    """INSERT-or-update of a registered errors batch (last record of an id wins)."""
    src = [c for c in ERROR_COLUMNS if c != "error_id"]
    return (f"INSERT INTO errors ({cols(ERROR_COLUMNS)}) SELECT {cols(ERROR_COLUMNS)} FROM "
            f"(SELECT {key_expr(ERROR_KEY)} AS error_id, {cols(tuple(src))}, seq FROM {q(view)}) "
            f"QUALIFY row_number() OVER (PARTITION BY error_id ORDER BY seq DESC) = 1 "
            f"ON CONFLICT (error_id) DO UPDATE SET message = excluded.message, "
            f"run_id = excluded.run_id, recorded_at = excluded.recorded_at")


DOCUMENT_COLUMNS = ("sha", "size", "reader_id", "status", "first_path", "parent_sha", "depth", "counts",
                    "started_at", "finished_at", "elapsed_ms", "run_id")


def upsert_documents(view: str) -> str:
    """INSERT-or-update of a registered batch of document rows (final state wins)."""
    updates = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in DOCUMENT_COLUMNS if c != "sha")
    return (f"INSERT INTO documents ({cols(DOCUMENT_COLUMNS)}) SELECT {cols(DOCUMENT_COLUMNS)} "
            f"FROM {q(view)} ON CONFLICT (sha) DO UPDATE SET {updates}")


def insert_paths(view: str) -> str:
    """INSERT of a registered batch of document paths (known pairs are kept as they are)."""
    names = ("sha", "path", "parent_sha", "run_id")
    return (f"INSERT INTO document_paths (path_id, {cols(names)}) "
            f"SELECT {key_expr(('sha', 'path'))}, {cols(names)} FROM {q(view)} ON CONFLICT DO NOTHING")
