"""``phiscope eval``'s reading of a case: every finding with its raw value at each path of its
content, by bucket of files, sorted a range of buckets at a time so that no sort ever spills more
than one range (to the session's encrypted temporary files)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.store.db import cursor
from phiscope.store.queries import AT_PATHS
from phiscope.store.sql import FINDING_KEY, key_expr

#: ``evaluation_batches``' order: by bucket, then as ``iter_findings`` orders findings (``h``: the
#: finding id as a number, ordered as its hex digits are), then by the place among its paths
_EVAL_ORDER = 'bucket, path, page, sheet, "row", line, "offset", element, h, n, person'
#: the high and the low 64 bits of a 128-bit finding id ``h``, and of its 32 hex digits ``x``
_HI, _LO = "(({h}) >> 64)::UBIGINT", "(({h}) & 18446744073709551615::UHUGEINT)::UBIGINT"
_HEX_HI, _HEX_LO = "('0x' || substr({x}, 1, 16))::UBIGINT", "('0x' || substr({x}, 17, 16))::UBIGINT"


def evaluation_batches(con: duckdb.DuckDBPyConnection, paths: pa.Table, people: bool,
                       size: int = 50_000, ranges: Sequence[tuple[int, int]] | None = None
                       ) -> Iterator[pa.RecordBatch]:
    """Every finding (raw value included) at each of its paths that ``paths`` (path, rel, bucket)
    names, with its place ``n`` among its content's paths, ``rel`` and ``bucket``, and a person holding
    it (``person``, when ``people``: a finding two people hold comes once for each, in a row; a person
    holding it through two mentions, twice), ordered by bucket, then as ``iter_findings`` orders
    findings, then by ``n``. ``ranges``: (first, last) buckets done one at a time, each a scan of the
    findings into a temporary table, so that no more than one range ever spills (to the session's
    encrypted temporary files). Finding ids are joined as two 64-bit numbers, not 32 hex digits."""
    cur = cursor(con)
    try:  # made now, before any other stream's sort holds the memory: the owners' join spills less
        cur.register("_phi_eval_paths", paths)
        if people:
            x = "t.f"
            cur.execute("CREATE OR REPLACE TEMP TABLE _phi_eval_owners AS SELECT "
                        f"{_HEX_HI.format(x=x)} AS hi, {_HEX_LO.format(x=x)} AS lo, pm.person_id "
                        "FROM person_mentions pm "
                        "JOIN people_mentions m USING (mention_id), unnest(m.finding_ids) AS t(f)")
    except BaseException:
        cur.close()
        raise
    return _ranged(cur, people, size, ranges)


def _ranged(cur: duckdb.DuckDBPyConnection, people: bool, size: int,
            ranges: Sequence[tuple[int, int]] | None) -> Iterator[pa.RecordBatch]:
    """``evaluation_batches``' rows, a range of buckets at a time (closes ``cur`` when done)."""
    try:
        for bounds in ranges if ranges is not None else [None]:
            cur.execute(
                "CREATE OR REPLACE TEMP TABLE _phi_eval_found AS " + AT_PATHS +
                f"SELECT {key_expr(FINDING_KEY)} AS h, path, element, value, \"offset\", length, page, "
                'sheet, "row", "column", line, json_path, mime_part, n, rel, bucket FROM '
                "(SELECT f.*, coalesce(p.n, 0) AS n, b.rel, b.bucket FROM findings f "
                "LEFT JOIN paths p ON p.sha = f.doc_sha JOIN _phi_eval_paths b "
                f"ON b.path = coalesce(p.path, f.path) {bucket_filter(bounds, 'b.bucket')})")
            held, person = "", "NULL::VARCHAR"
            if people:
                on = f"o.hi = {_HI.format(h='f.h')} AND o.lo = {_LO.format(h='f.h')}"
                cur.execute("CREATE OR REPLACE TEMP TABLE _phi_eval_held AS SELECT o.* "
                            f"FROM _phi_eval_owners o SEMI JOIN _phi_eval_found f ON {on}")
                held, person = f"LEFT JOIN _phi_eval_held o ON {on}", "o.person_id"
            yield from cur.execute(
                f"SELECT phi_hex_id(f.h) AS finding_id, f.* EXCLUDE (h), {person} AS person "
                f"FROM _phi_eval_found f {held} ORDER BY {_EVAL_ORDER}").fetch_record_batch(size)
            for name in ("_phi_eval_found", "_phi_eval_held"):
                cur.execute(f"DROP TABLE IF EXISTS temp.{name}")
    finally:
        for name in ("_phi_eval_owners", "_phi_eval_found", "_phi_eval_held"):
            cur.execute(f"DROP TABLE IF EXISTS temp.{name}")
        cur.close()


def sorted_batches(cur: duckdb.DuckDBPyConnection, name: str,
                   query: Callable[[tuple[int, int] | None], str], order: str, size: int = 50_000,
                   ranges: Sequence[tuple[int, int]] | None = None) -> Iterator[pa.RecordBatch]:
    """The rows of ``query`` ordered by ``order``, as record batches. ``ranges``: (first, last)
    ``bucket`` values, in order, done one at a time (``order`` must then begin with ``bucket``);
    ``query(bounds)`` gives the rows of one range (None: of all). Each range is run to the end first
    into the temporary table ``name`` (dropped after), so that two such streams read side by side
    never join or aggregate at once, and the memory limit holds: the table and its sort spill to the
    session's encrypted temporary files, and never more than one range's rows."""
    for bounds in ranges if ranges is not None else [None]:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {query(bounds)}")
        try:
            yield from cur.execute(f"SELECT * FROM {name} ORDER BY {order}").fetch_record_batch(size)
        finally:
            cur.execute(f"DROP TABLE IF EXISTS temp.{name}")


def bucket_filter(bounds: tuple[int, int] | None, column: str = "bucket") -> str:
    """A WHERE clause keeping ``column`` within ``bounds`` (first, last); none for None."""
    return "" if bounds is None else f"WHERE {column} BETWEEN {int(bounds[0])} AND {int(bounds[1])}"


