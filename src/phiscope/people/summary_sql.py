"""The ``people`` table of a resolution in one query over the spill: ``summary.summarize`` for every
person at once.

A million-patient case has over thirteen million mentions: made into Python objects and summarised
a person at a time they took about five minutes. The same rules as ``summarize`` (the most frequent
value; ties to the longest, then the first in code-point order; the state of the best address's
first mention; phones and e-mails most frequent first) are a few group-bys in DuckDB, over the
mentions waiting in the case's encrypted session. ``tests/people/test_summary_sql.py`` compares the
two on the same mentions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.summary import minor_on


def _best(table: str, longest: bool) -> str:
    """Each person's most frequent value ``v`` of ``table`` (``pid``, ``v``, ``n``): ties to the
    longest when ``longest``, then the smallest (``summary._mode``)."""
    order = "n DESC, length(v) DESC, v" if longest else "n DESC, v"
    return (f"SELECT pid, v FROM (SELECT pid, v, row_number() OVER (PARTITION BY pid ORDER BY {order}) AS r "
            f"FROM {table}) WHERE r = 1")


def _ranked(column: str) -> str:
    """Each person's values of list column ``column``, most frequent first, ties in order
    (``summary._ranked``)."""
    return (f"SELECT pid, list(v ORDER BY n DESC, v) AS vs FROM (SELECT pid, v, count(*) AS n FROM "
            f"(SELECT pid, unnest({column}) AS v FROM m) GROUP BY pid, v) GROUP BY pid")


#: ``{spill}``: the spill's table; ``_phi_owner``: mention id -> person id
SQL = f"""
WITH m AS (
  SELECT o.person_id AS pid, s.mention_id AS mid, s.elements, s.dob, s.phones, s.emails,
         coalesce(s.first, '') <> '' AND coalesce(s.last, '') <> '' AS full_named,
         nullif(s.display_name, '') AS dn, nullif(s.state, '') AS st,
         CASE WHEN coalesce(s.street, '') <> '' THEN concat_ws(', ', s.street, nullif(s.unit, ''),
              nullif(s.city, ''), nullif(concat_ws(' ', nullif(s.state, ''), nullif(s.zip5, '')), ''))
         END AS addr
  FROM {{spill}} s JOIN _phi_owner o USING (mention_id)),
per AS (SELECT pid, count(*) AS mention_count, bool_or(full_named) AS any_full FROM m GROUP BY pid),
names AS (SELECT m.pid, dn AS v, count(*) AS n FROM m JOIN per USING (pid)
          WHERE dn IS NOT NULL AND (full_named OR NOT any_full) GROUP BY m.pid, dn),
addrs AS (SELECT pid, addr AS v, count(*) AS n FROM m WHERE addr IS NOT NULL GROUP BY pid, addr),
dobs AS (SELECT pid, dob AS v, count(*) AS n FROM m WHERE coalesce(dob, '') <> '' GROUP BY pid, dob),
states AS (SELECT pid, st AS v, count(*) AS n FROM m WHERE st IS NOT NULL GROUP BY pid, st),
best_name AS ({_best("names", True)}),
best_addr AS ({_best("addrs", True)}),
best_dob AS ({_best("dobs", False)}),
best_state AS ({_best("states", False)}),
addr_state AS (SELECT m.pid, arg_min(m.st, m.mid) AS st FROM m LEFT JOIN best_addr b USING (pid)
               WHERE m.st IS NOT NULL AND m.addr IS NOT DISTINCT FROM b.v GROUP BY m.pid),
phones AS ({_ranked("phones")}),
emails AS ({_ranked("emails")}),
elements AS (SELECT pid, list(DISTINCT e ORDER BY e) AS vs FROM (SELECT pid, unnest(elements) AS e FROM m)
             GROUP BY pid)
SELECT per.pid AS person_id, bn.v AS full_name, ba.v AS address, coalesce(ast.st, bs.v) AS state,
       bd.v AS dob, coalesce(ph.vs, []::VARCHAR[]) AS phones, coalesce(em.vs, []::VARCHAR[]) AS emails,
       coalesce(el.vs, []::VARCHAR[]) AS element_types, per.mention_count::INTEGER AS mention_count
FROM per LEFT JOIN best_name bn USING (pid) LEFT JOIN best_addr ba USING (pid)
LEFT JOIN addr_state ast USING (pid) LEFT JOIN best_state bs USING (pid) LEFT JOIN best_dob bd USING (pid)
LEFT JOIN phones ph USING (pid) LEFT JOIN emails em USING (pid) LEFT JOIN elements el USING (pid)
ORDER BY per.pid
"""


def people_rows(summaries: pa.Table, notice: dt.date, reviews: Mapping[str, int], schema: pa.Schema,
                ) -> pa.Table:
    """The ``people`` table (``schema``) from ``SQL``'s rows: the minor flag on ``notice`` and each
    person's review count added."""
    minor = lru_cache(maxsize=None)(lambda dob: minor_on(dob, notice))
    dobs = summaries.column("dob").to_pylist()
    pids = summaries.column("person_id").to_pylist()
    n = summaries.num_rows
    columns = {
        **{c: summaries.column(c) for c in summaries.column_names},
        "minor": pa.array([minor(d) for d in dobs], pa.bool_()),
        "deceased": pa.nulls(n, pa.bool_()), "deceased_date": pa.nulls(n, pa.string()),
        "review_links": pa.array([reviews.get(p, 0) for p in pids], pa.int32()),
    }
    return pa.table({f.name: columns[f.name].cast(f.type) for f in schema}, schema=schema)
