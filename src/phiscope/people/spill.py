"""A case's mentions out of Python memory while its people are resolved.

A breach of a million patients has over ten million person mentions; as objects (identity, finding
ids, element lists) they took about 2.3 KB each. While the case is resolved they wait instead in a
table of the case's DuckDB session (``MentionSpill``): in the session's encrypted scratch database
when it has one (``StoreTuning.scratch``: stored compressed, about 210 bytes a mention), else a
temporary table, which beyond the memory limit goes to encrypted temporary files uncompressed.
Either way no value reaches the disk in the clear. The linkage rows come back as one Arrow table
(``RowTable``, made in SQL, the name keys computed once per distinct name), in the order the
in-memory path gives; places
(``MentionRef``) are read back where a step needs them; the people are summarised from the table a
person at a time and ``people_mentions`` is filled from it by one SQL statement.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.family import TEXT_KINDS
from phiscope.people.identity import CONTACT_ROLES
from phiscope.people.mentions import ID_SEP, GroupKey, Mention, interned
from phiscope.people.normalize import first_name_group, phonetic
from phiscope.people.place import MentionRef
from phiscope.people.rowtable import RowTable
from phiscope.people.summary import minor_on
from phiscope.people.table import PLACEHOLDER_SSN_DOBS, STRUCTURED_KINDS
from phiscope.store.db import SCRATCH, registered

_TABLE = "phiscope_mention_spill"
#: rows inserted at once: DuckDB writes whole row groups (122,880 rows) straight to the database file
ROW_GROUP = 131_072
_STRS = pa.list_(pa.string())
_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("phase", pa.int8()), ("g_doc", pa.string()), ("g_kind", pa.string()),
    ("g_key", pa.string()), ("part", pa.int32()),
    ("mention_id", pa.string()), ("doc_sha", pa.string()), ("path", pa.string()), ("kind", pa.string()),
    ("role", pa.string()), ("mkey", pa.string()), ("row_keys", _STRS),
    ("grouping_confidence", pa.float64()), ("finding_ids", pa.string()),
    ("context_ids", pa.string()), ("elements", _STRS),
    # the identity (``Identity.as_dict``: ``people_mentions.identity`` is its JSON)
    ("first", pa.string()), ("middle", pa.string()), ("last", pa.string()), ("suffix", pa.string()),
    ("display_name", pa.string()), ("dob", pa.string()), ("ssn", pa.string()), ("mrn", pa.string()),
    ("member_id", pa.string()), ("member_ids", _STRS), ("phones", _STRS), ("emails", _STRS),
    ("street", pa.string()), ("unit", pa.string()), ("city", pa.string()), ("state", pa.string()),
    ("zip5", pa.string())])
_IDENTITY = ("first", "middle", "last", "suffix", "display_name", "dob", "ssn", "mrn", "member_id",
             "member_ids", "phones", "emails", "street", "unit", "city", "state", "zip5")
_ORDER = "phase, g_doc, g_kind, g_key, part, seq"
#: the ``people_mentions`` columns (finding ids unpacked), in the order the mentions were made
_MENTIONS_SQL = (
    "SELECT mention_id, doc_sha, path, kind, role, grouping_confidence, "
    "CASE WHEN finding_ids = '' THEN []::VARCHAR[] ELSE string_split(finding_ids, chr(31)) END "
    "AS finding_ids, "
    "CASE WHEN context_ids = '' THEN []::VARCHAR[] ELSE string_split(context_ids, chr(31)) END "
    "AS context_ids, "
    "elements, to_json(struct_pack(" + ", ".join(f"{c} := {c}" for c in _IDENTITY) + ")) "
    "::VARCHAR AS identity "
    f"FROM {_TABLE} ORDER BY {_ORDER}")
assert ID_SEP == "\x1f"  # chr(31) in _MENTIONS_SQL
_PLACEHOLDER_WHERE = "ssn <> '' AND dob <> '' GROUP BY ssn HAVING count(DISTINCT dob) >= ?"
_PLACEHOLDERS_SQL = f"SELECT ssn FROM {_TABLE} WHERE {_PLACEHOLDER_WHERE}"


def _home(con: duckdb.DuckDBPyConnection) -> str:
    """Where the table goes: the session's scratch database when it has one (``store.db.connect``:
    stored compressed, and its checkpoints never wait for the case's tables), else the temporary
    catalog (its spilled blocks are not compressed)."""
    found = con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?",
                        [SCRATCH]).fetchone()
    return f"{SCRATCH}.main." if found and found[0] else "temp."


def _drop(con: duckdb.DuckDBPyConnection, where: str) -> None:
    for kind in ("VIEW", "TABLE"):  # whichever of the two the temporary catalog holds
        with contextlib.suppress(duckdb.CatalogException):
            con.execute(f"DROP {kind} IF EXISTS temp.{_TABLE}")
    if where != "temp.":
        con.execute(f"DROP TABLE IF EXISTS {where}{_TABLE}")


def _in(values: frozenset[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in sorted(values)) + ")"


def _listed(column: str) -> str:
    return f"CASE WHEN len(s.{column}) > 0 THEN s.{column} END AS {column}"


#: ``table.linkage_row`` in SQL: the name keys and the minor flag come from tables made per distinct
#: value (``MentionSpill.linkage``); placeholder SSNs are nulled; columns in ``table.ROW_FIELDS`` order
_LINKAGE_SQL = (
    f"WITH placeholder AS (SELECT ssn FROM {_TABLE} WHERE phase = 0 AND {_PLACEHOLDER_WHERE}) "
    "SELECT s.mention_id AS unique_id, s.first AS first_name, f.k1 AS first_group, s.last AS last_name, "
    "s.suffix, f.k2 AS first_ph, l.k1 AS last_ph, CASE WHEN length(s.dob) = 10 THEN s.dob END AS dob, "
    "CASE WHEN p.ssn IS NULL THEN s.ssn END AS ssn, s.mrn, s.member_id, s.phones[1] AS phone, "
    "s.emails[1] AS email, s.street, s.zip5, "
    f"{_listed('phones')}, {_listed('emails')}, {_listed('member_ids')}, "
    f"coalesce(s.role IN {_in(CONTACT_ROLES)}, false) AS contact, "
    f"s.kind IN {_in(STRUCTURED_KINDS)} AS structured, coalesce(d.k1, false) AS minor, "
    "nullif(left(s.middle, 1), '') AS middle_initial "
    f"FROM {_TABLE} s LEFT JOIN placeholder p ON p.ssn = s.ssn "
    "LEFT JOIN _phi_first_keys f ON f.value = s.first LEFT JOIN _phi_last_keys l ON l.value = s.last "
    "LEFT JOIN _phi_dob_keys d ON d.value = s.dob "
    "WHERE s.phase = 0 ORDER BY " + ", ".join(f"s.{c.strip()}" for c in _ORDER.split(",")))
#: ``identity.thin`` in SQL: no name, DOB, SSN or MRN
_THIN_SQL = (f"SELECT mention_id FROM {_TABLE} WHERE phase = 0 AND "
             + " AND ".join(f"coalesce({c}, '') = ''" for c in ("first", "last", "dob", "ssn", "mrn")))


class MentionSpill:
    """Mentions in a table of ``con`` (the case's session: its scratch database, else a temporary
    table; see the module's docstring); their linkage rows (minor on ``day``) and places are read
    back from it. ``add`` is a ``MentionBuilder`` sink; mentions added with ``add_keyed`` come after."""

    def __init__(self, con: duckdb.DuckDBPyConnection, day: dt.date, batch: int = 20_000) -> None:
        self._con = con
        self._day = day
        self._batch = batch
        self._buffer: list[tuple[Any, ...]] = []
        self.count = 0
        self._pending: list[pa.Table] = []  # numbered rows waiting to fill a row group
        self._pending_rows = 0
        self._where = _home(con)
        _drop(con, self._where)  # a killed resolution's
        columns = ", ".join(f"{f.name} {_sql_type(f.type)}" for f in _SCHEMA)
        if self._where == "temp.":
            con.execute(f"CREATE TEMP TABLE {_TABLE} ({columns})")
        else:  # the queries below name the table alone: a temporary view is found first
            con.execute(f"CREATE TABLE {self._where}{_TABLE} ({columns})")
            con.execute(f"CREATE TEMP VIEW {_TABLE} AS SELECT * FROM {self._where}{_TABLE}")

    def add(self, place: tuple[GroupKey, int], m: Mention) -> None:
        """One finished mention and its place in the order (``mentions.Sink``)."""
        self._add(place, m, 0)

    def add_keyed(self, mentions: Sequence[Mention]) -> None:
        """Mentions made after the matching (key joins' rows): last in ``people_mentions``, in this order."""
        for m in mentions:
            self._add((("", "", ""), 0), m, 1)
        self.flush()

    def _add(self, place: tuple[GroupKey, int], m: Mention, phase: int) -> None:
        self._buffer.append(spill_row(self.count, phase, place, m))
        self.count += 1
        if len(self._buffer) >= self._batch:
            self.flush()

    def add_table(self, rows: pa.Table) -> None:
        """Mentions made elsewhere (``spill_table``: numbered from 0; numbered on here)."""
        self._take_buffer()
        self._insert(rows, self.count)
        self.count += rows.num_rows

    def flush(self) -> None:
        """Write the buffered mentions to the table."""
        self._take_buffer()
        self._write()

    def _take_buffer(self) -> None:
        if self._buffer:
            batch = spill_table(self._buffer)  # numbered already
            self._buffer.clear()
            self._insert(batch, 0)

    def _insert(self, rows: pa.Table, offset: int) -> None:
        if offset:
            rows = rows.set_column(0, "seq", pc.add(rows.column("seq"), pa.scalar(int(offset), pa.int64())))
        self._pending.append(rows)
        self._pending_rows += rows.num_rows
        if self._pending_rows >= ROW_GROUP:
            self._write()

    def _write(self) -> None:
        """One insert of the waiting rows: at a row group or more, DuckDB writes them straight to the
        scratch database's file, compressed."""
        if not self._pending:
            return
        rows = pa.concat_tables(self._pending)
        self._pending, self._pending_rows = [], 0
        with registered(self._con, "_phi_mention_batch", rows) as view:
            self._con.execute(f"INSERT INTO {self._where}{_TABLE} SELECT * FROM {view}")

    def placeholders(self) -> set[str]:
        """SSNs that mentions with at least ``PLACEHOLDER_SSN_DOBS`` different DOBs share
        (``table.shared_placeholders``' rule, in SQL: no set of birth dates per SSN in memory)."""
        self.flush()
        rows = self._con.execute(_PLACEHOLDERS_SQL, [PLACEHOLDER_SSN_DOBS]).fetchall()
        return {str(r[0]) for r in rows}

    def linkage(self) -> tuple[RowTable, set[str]]:
        """The mentions' linkage rows (placeholder SSNs nulled) in the order ``MentionBuilder.finish``
        gives, made in SQL (``table.linkage_row``'s rule), and the ids of the thin mentions
        (``identity.thin``)."""
        self.flush()
        keys = {"_phi_first_keys": _keyed("first", (first_name_group, _STRS), (phonetic, pa.string())),
                "_phi_last_keys": _keyed("last", (phonetic, pa.string())),
                "_phi_dob_keys": _keyed("dob", (self._minor, pa.bool_()))}
        with contextlib.ExitStack() as views:
            for name, (column, make) in keys.items():
                sql = f"SELECT DISTINCT {column} FROM {_TABLE} WHERE phase = 0 AND {column} IS NOT NULL"
                values = [r[0] for r in self._con.execute(sql).fetchall()]
                views.enter_context(registered(self._con, name, make(values)))
            table = self._con.execute(_LINKAGE_SQL, [PLACEHOLDER_SSN_DOBS]).fetch_arrow_table()
        thin_ids = {str(r[0]) for r in self._con.execute(_THIN_SQL).fetchall()}
        return RowTable(table), thin_ids

    def _minor(self, dob: str) -> bool:
        return bool(minor_on(dob, self._day))

    def places(self, for_rules: bool = False) -> list[MentionRef]:
        """Every mention's place (``MentionRef``), in the mentions' order; ``for_rules``: only those
        the cannot-links and same-message links can use (``constraints.structural_cannot``: table
        rows and records of documents holding a contact person's mention; ``family.message_links``:
        free text)."""
        self.flush()
        where = "phase = 0"
        if for_rules:
            contact = ", ".join(f"'{r}'" for r in sorted(CONTACT_ROLES))
            text = ", ".join(f"'{k}'" for k in sorted(TEXT_KINDS))
            where += (f" AND (kind IN ({text}) OR (kind IN ('row', 'record') AND doc_sha IN ("
                      f"SELECT doc_sha FROM {_TABLE} WHERE phase = 0 AND role IN ({contact}))))")
        sql = f"SELECT mention_id, doc_sha, path, kind, role, mkey, row_keys FROM {_TABLE} WHERE {where} "
        # a document's sha and path, the kinds and roles: one string object each, not one per
        # mention, and a row key that is also the mention's key that same object (3.2 million
        # places at a million patients, from about 30,000 documents: 2.0 GB -> 0.86 GB)
        return [MentionRef(mid, sys.intern(doc), sys.intern(path), sys.intern(kind), interned(role), key,
                           tuple(key if r == key else r for r in rows))
                for mid, doc, path, kind, role, key, rows in self._fetch(sql + f"ORDER BY {_ORDER}")]

    def row_places(self) -> pa.Table:
        """Each mention's id, document and row keys (``keys.attach``), mentions holding rows only."""
        self.flush()
        return self._con.execute(f"SELECT mention_id, doc_sha, row_keys FROM {_TABLE} "
                                 "WHERE phase = 0 AND len(row_keys) > 0").fetch_arrow_table()

    def owned(self, owner: Mapping[str, str], sql: str) -> pa.Table:
        """The rows of ``sql`` on the spill's session, where ``{spill}`` names the mentions' table and
        ``_phi_owner`` holds ``owner`` (``mention_id`` -> ``person_id``)."""
        self.flush()
        table = pa.table({"mention_id": pa.array(list(owner), pa.string()),
                          "person_id": pa.array(list(owner.values()), pa.string())})
        with registered(self._con, "_phi_owner", table):
            return self._con.execute(sql.format(spill=_TABLE)).fetch_arrow_table()

    def mentions_sql(self) -> str:
        """A query (on the same connection) giving the ``people_mentions`` rows."""
        self.flush()
        return _MENTIONS_SQL

    def close(self) -> None:
        """Drop the table."""
        self._pending, self._buffer = [], []
        _drop(self._con, self._where)

    def _fetch(self, sql: str, size: int = 10_000) -> Iterator[tuple[Any, ...]]:
        cur = self._con.execute(sql)
        while chunk := cur.fetchmany(size):
            yield from chunk


def spill_row(seq: int, phase: int, place: tuple[GroupKey, int], m: Mention) -> tuple[Any, ...]:
    """One mention as a row of the spill table (``seq``: its number; ``place``: see ``mentions.Sink``)."""
    (g_doc, g_kind, g_key), part = place
    i, n, a = m.identity, m.identity.name, m.identity.address
    return (seq, phase, g_doc, g_kind, g_key, part, m.mention_id, m.doc_sha, m.path, m.kind, m.role, m.key,
            m.rows, m.confidence, m.packed_findings, m.packed_context, m.elements, n.first, n.middle, n.last,
            n.suffix, i.display_name, i.dob, i.ssn, i.mrn, i.member_id, i.member_ids, i.phones, i.emails,
            a.street, a.unit, a.city, a.state, a.zip5)


def spill_table(rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """Rows made by ``spill_row`` as an Arrow table of the spill's schema."""
    if not rows:
        return _SCHEMA.empty_table()
    columns = zip(*rows, strict=True)
    return pa.table([pa.array(v, f.type) for v, f in zip(columns, _SCHEMA, strict=True)], schema=_SCHEMA)


def _keyed(column: str, *make: tuple[Callable[[str], Any], pa.DataType]
           ) -> tuple[str, Callable[[list[str]], pa.Table]]:
    """A spill column and how to make the table of its distinct values' keys (``value``, ``k1``...)."""
    def table(values: list[str]) -> pa.Table:
        keys = {f"k{n}": pa.array([f(v) for v in values], t) for n, (f, t) in enumerate(make, 1)}
        return pa.table({"value": pa.array(values, pa.string()), **keys})
    return column, table


def _sql_type(t: pa.DataType) -> str:
    return {pa.int64(): "BIGINT", pa.int8(): "TINYINT", pa.int32(): "INTEGER", pa.float64(): "DOUBLE",
            pa.bool_(): "BOOLEAN", _STRS: "VARCHAR[]"}.get(t, "VARCHAR")
