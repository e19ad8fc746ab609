"""SQL text for the store: macros and the bulk insert statements.

Everything per finding is computed inside DuckDB, vectorised:

* ``phi_mask(value, keep_first, keep_last)`` mirrors
  ``phiscope.detectors.base.mask_value`` (ASCII letters/digits in the hidden
  part become ``*``, other characters stay; short values are starred fully);
* ``phi_hmac(normalized, ipad_key, opad_key)`` is HMAC-SHA256 built from two
  SHA-256 calls over the key pads: ``H((K^opad) || H((K^ipad) || m))``;
* ids are 128-bit MD5 of the identifying fields joined with a unit separator
  (NULL written as a record separator), so the same finding, error or path
  always gets the same id.
"""

from __future__ import annotations

from datetime import UTC, datetime

MACROS = (
    "CREATE OR REPLACE TEMP MACRO phi_star(s) AS regexp_replace(s, '[A-Za-z0-9]', '*', 'g')",
    """CREATE OR REPLACE TEMP MACRO phi_mask(v, f, l) AS
        CASE WHEN length(v) <= 2 * (f + l) THEN phi_star(v)
             ELSE left(v, f) || phi_star(substring(v, f + 1, length(v) - f - l)) || right(v, l) END""",
    "CREATE OR REPLACE TEMP MACRO phi_hmac(m, ipad, opad) AS "
    "sha256(opad || unhex(sha256(ipad || encode(m))))",
    "CREATE OR REPLACE TEMP MACRO phi_hex_id(i) AS printf('%032x', i)",
)

#: Location columns, in ``Location`` order after ``path``.
LOCATION_COLUMNS = ("path", "page", "sheet", "row", "column", "col_index", "json_path", "mime_part",
                    "line", "offset", "length")
#: What makes a finding the same finding (its id is derived from these).
FINDING_KEY = ("doc_sha", "detector_id", "element", *LOCATION_COLUMNS)
#: What makes an error record the same record.
ERROR_KEY = ("doc_sha", "kind", *LOCATION_COLUMNS)

STORED_FINDING_COLUMNS = ("finding_id", "doc_sha", "element", "detector_id", "value", "value_hmac",
                           "preview", "confidence", "validation", *LOCATION_COLUMNS, "row_key", "flags",
                           "run_id")
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


_HMAC = "phi_hmac(normalized, $1, $2)"
_PREVIEW = "phi_mask(value, coalesce(mask_first, 0)::INTEGER, coalesce(mask_last, 4)::INTEGER)"
_VALUE_FIELDS = ("value", "normalized", "mask_first", "mask_last")


def insert_findings(view: str, dedupe: bool, skip_known: bool, per_value: bool) -> str:
    """INSERT of a registered findings batch; parameters: ipad key, opad key, run id.

    ``dedupe`` drops repeated findings inside the batch; ``skip_known`` drops
    findings whose id is in the temp table ``open_ids`` (already stored
    findings of documents still being scanned); ``per_value`` computes the
    HMAC and preview once per distinct value and joins them back (cheaper when
    values repeat a lot, dearer when they do not).
    """
    source = f"SELECT *, {key_expr(FINDING_KEY)} AS fid FROM {q(view)}"
    if dedupe:  # deterministic choice among repeats: the most confident, then the smallest value
        source = f"SELECT DISTINCT ON (fid) * FROM ({source}) ORDER BY fid, confidence DESC, value"
    where = " WHERE fid NOT IN (SELECT finding_id FROM open_ids)" if skip_known else ""
    computed = {"finding_id": "fid", "run_id": "$3"}
    if per_value:
        computed |= {"value_hmac": "v.hm", "preview": "v.pv"}
        select = ", ".join(computed.get(n, f"b.{q(n)}") for n in STORED_FINDING_COLUMNS)
        distinct = f"SELECT DISTINCT {cols(_VALUE_FIELDS)} FROM {q(view)}"
        on = " AND ".join(f"b.{q(n)} IS NOT DISTINCT FROM v.{q(n)}" for n in _VALUE_FIELDS)
        body = (f"WITH v AS (SELECT *, {_HMAC} AS hm, {_PREVIEW} AS pv FROM ({distinct})) "
                f"SELECT {select} FROM ({source}) b JOIN v ON {on}{where}")
    else:
        computed |= {"value_hmac": _HMAC, "preview": _PREVIEW}
        select = ", ".join(computed.get(n, q(n)) for n in STORED_FINDING_COLUMNS)
        body = f"SELECT {select} FROM ({source}){where}"
    return f"INSERT INTO findings ({cols(STORED_FINDING_COLUMNS)}) {body}"


OPEN_IDS_TABLE = "CREATE TEMP TABLE IF NOT EXISTS open_ids (doc_sha VARCHAR, finding_id UHUGEINT)"


def remember_open_ids(view: str) -> str:
    """Keep the ids of a batch's findings whose documents are still open; parameter: their SHAs."""
    return (f"INSERT INTO open_ids SELECT doc_sha, {key_expr(FINDING_KEY)} FROM {q(view)} "
            f"WHERE doc_sha IN (SELECT unnest($1::VARCHAR[]))")


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
