"""SQL of reviewed links (schema v6 ``link_decisions``) and of what a new people resolution keeps
from the previous one (person ids, people already notified).

Functions take the case's connection (``CaseStore.notices_connection``, like the pipeline records).
Mention and person ids are hashes, never personal values; the mentions' identities (raw values)
are read only for ``phiscope review`` to show, masked unless revealed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from phiscope.store.sql import FINDING_ID, utc_now

DECISIONS = ("must_link", "cannot_link")

#: one decision: (left mention, right mention, must_link | cannot_link, reviewer, note)
Row = tuple[str, str, str, str | None, str | None]


def read_decisions(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """Every decision as (left mention, right mention, decision), in pair order."""
    rows = con.execute("SELECT left_mention, right_mention, decision FROM link_decisions "
                       "ORDER BY left_mention, right_mention").fetchall()
    return [(str(a), str(b), str(d)) for a, b, d in rows]


def write_decisions(con: duckdb.DuckDBPyConnection, rows: Sequence[Row]) -> None:
    """Record decisions in one transaction (a pair decided again: the latest decision wins)."""
    now = utc_now()
    con.execute("BEGIN")
    try:
        for left, right, decision, reviewer, note in rows:
            a, b = sorted((left, right))
            con.execute("INSERT OR REPLACE INTO link_decisions VALUES (?, ?, ?, ?, ?, ?)",
                        [a, b, decision, reviewer, note, now])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def decisions_digest(con: duckdb.DuckDBPyConnection) -> str:
    """SHA-256 of every decision (a pipeline fingerprint: people are stale when it changes)."""
    h = hashlib.sha256()
    for a, b, d in read_decisions(con):
        h.update(f"{a}\x1f{b}\x1f{d}\x1e".encode())
    return h.hexdigest()


def known_mentions(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, str]:
    """Which of ``ids`` are mentions of the current resolution: mention id -> its kind."""
    wanted = sorted(set(ids))
    rows = con.execute("SELECT mention_id, kind FROM people_mentions WHERE mention_id IN (SELECT unnest(?))",
                       [wanted]).fetchall()
    return {str(m): str(k) for m, k in rows}


def previous_people(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], set[str]]:
    """The stored resolution's mention -> person id map, and the person ids already sent a letter."""
    owner = {str(m): str(p) for m, p in con.execute("SELECT mention_id, person_id FROM person_mentions")
             .fetchall()}
    notified = {str(p) for (p,) in con.execute("SELECT DISTINCT person_id FROM notice_letters").fetchall()}
    return owner, notified


def review_pairs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Undecided ``review``-band pairs and auto-band pairs held as ``ambiguous`` whose mentions are
    in different people (or one in none: a mention that fits two known people), and pairs merged
    only because one side had no other candidate (band ``sole``, ``people.sole``; ``merged`` true),
    most probable first."""
    cur = con.execute(
        "SELECT least(l.mention_l, l.mention_r) AS left_mention, greatest(l.mention_l, l.mention_r) AS "
        "right_mention, max(l.match_probability) AS match_probability, max(l.match_weight) AS match_weight, "
        "any_value(l.field_weights) AS field_weights, max(l.band = 'sole') AS merged FROM person_links l "
        "LEFT JOIN person_mentions a ON a.mention_id = l.mention_l LEFT JOIN person_mentions b ON "
        "b.mention_id = l.mention_r LEFT JOIN link_decisions d ON d.left_mention = least(l.mention_l, "
        "l.mention_r) AND d.right_mention = greatest(l.mention_l, l.mention_r) WHERE (((l.band = 'review' "
        "OR l.conflict = 'ambiguous') AND a.person_id IS DISTINCT FROM b.person_id) OR l.band = 'sole') "
        "AND d.decision IS NULL "
        "GROUP BY 1, 2 "
        "ORDER BY match_probability DESC, left_mention, right_mention")
    names = [c[0] for c in cur.description or ()]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def mention_details(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Path, kind, role, person, identity (JSON, raw values) and the first finding's location of
    each mention in ``ids``."""
    wanted = sorted(set(ids))
    cur = con.execute(
        "SELECT m.mention_id, m.path, m.kind, m.role, p.person_id, m.identity, m.elements FROM "
        "people_mentions m LEFT JOIN person_mentions p USING (mention_id) WHERE m.mention_id IN "
        "(SELECT unnest(?))", [wanted])
    names = [c[0] for c in cur.description or ()]
    out = {str(r[0]): dict(zip(names, r, strict=True)) for r in cur.fetchall()}
    for mid, loc in _first_locations(con, wanted).items():
        out[mid]["location"] = loc
    return out


_LOC = ("page", "sheet", "row", "json_path", "mime_part", "line", "offset")


def _first_locations(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The location of each mention's first finding (page, line, row, offset order); only the
    mentions' documents are read."""
    loc = ", ".join(f'f."{c}"' for c in _LOC)
    cur = con.execute(
        "WITH ids AS (SELECT mention_id, unnest(finding_ids) AS fid FROM people_mentions WHERE mention_id "
        "IN (SELECT unnest($1))), f AS (SELECT " + FINDING_ID + ' AS finding_id, page, sheet, "row", '
        'json_path, mime_part, line, "offset" FROM findings WHERE doc_sha IN (SELECT doc_sha FROM '
        "people_mentions WHERE mention_id IN (SELECT unnest($1)))) "
        f"SELECT ids.mention_id, {loc} FROM ids JOIN f ON f.finding_id = ids.fid "
        'ORDER BY ids.mention_id, f.page NULLS FIRST, f.line NULLS FIRST, f."row" NULLS FIRST, f."offset"',
        [list(ids)])
    out: dict[str, dict[str, Any]] = {}
    for r in cur.fetchall():
        out.setdefault(str(r[0]), dict(zip(_LOC, r[1:], strict=True)))
    return out
