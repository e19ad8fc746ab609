"""A case's mentions out of Python memory while its people are resolved.

A breach of a million patients has over ten million person mentions; as objects (identity, finding
ids, element lists) they took about 2.3 KB each. While the case is resolved they wait instead in a
temporary table of the case's DuckDB session (``MentionSpill``): beyond the session's memory limit
DuckDB moves it to temporary files, and the case session encrypts those, so no value reaches the
disk in the clear. Python keeps what the matching reads, a place (``MentionRef``) and a linkage row
per mention, read back in the order the in-memory path gives; the people are summarised from the
table a person at a time and ``people_mentions`` is filled from it by one SQL statement.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.identity import Identity, thin
from phiscope.people.mentions import ID_SEP, GroupKey, Mention
from phiscope.people.normalize import Address, NameParts
from phiscope.people.place import MentionRef
from phiscope.people.table import PLACEHOLDER_SSN_DOBS, LinkageRow, linkage_row

_TABLE = "phiscope_mention_spill"
_STRS = pa.list_(pa.string())
_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("phase", pa.int8()), ("g_doc", pa.string()), ("g_kind", pa.string()),
    ("g_key", pa.string()), ("part", pa.int32()),
    ("mention_id", pa.string()), ("doc_sha", pa.string()), ("path", pa.string()), ("kind", pa.string()),
    ("role", pa.string()), ("grouping_confidence", pa.float64()), ("finding_ids", pa.string()),
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


class MentionSpill:
    """Mentions in a temporary table of ``con`` (the case's session, whose temporary files are
    encrypted); their places and linkage rows (minor on ``day``) stay in memory. ``add`` is a
    ``MentionBuilder`` sink; mentions added with ``add_keyed`` come after."""

    def __init__(self, con: duckdb.DuckDBPyConnection, day: dt.date, batch: int = 20_000) -> None:
        self._con = con
        self._day = day
        self._batch = batch
        self._buffer: list[tuple[Any, ...]] = []
        self._refs: dict[str, MentionRef] = {}
        self._rows: dict[str, LinkageRow] = {}
        self._thin: set[str] = set()
        self._tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.count = 0
        con.execute(f"DROP TABLE IF EXISTS temp.{_TABLE}")
        columns = ", ".join(f"{f.name} {_sql_type(f.type)}" for f in _SCHEMA)
        con.execute(f"CREATE TEMP TABLE {_TABLE} ({columns})")

    def add(self, place: tuple[GroupKey, int], m: Mention) -> None:
        """One finished mention and its place in the order (``mentions.Sink``)."""
        i, n, a = m.identity, m.identity.name, m.identity.address
        mid = m.mention_id
        self._refs[mid] = MentionRef(mid, m.doc_sha, m.path, m.kind, m.role, m.key, m.rows)
        # a person's mentions repeat the same values: one string (and tuple) each, shared by its rows
        self._rows[mid] = linkage_row(
            mid, m.kind, m.role, _intern(n.first), _intern(n.last), _intern(n.suffix), _intern(i.dob),
            _intern(i.ssn), _intern(i.mrn), _intern(i.member_id), self._shared(i.phones),
            self._shared(i.emails), self._shared(i.member_ids), _intern(a.street), _intern(a.zip5), (),
            self._day)
        if thin(i):
            self._thin.add(mid)
        self._add(place, m, 0)

    def _shared(self, values: tuple[str, ...]) -> tuple[str, ...]:
        if not values:
            return values
        return self._tuples.setdefault(values, tuple(sys.intern(v) for v in values))

    def add_keyed(self, mentions: Sequence[Mention]) -> None:
        """Mentions made after the matching (key joins' rows): last in ``people_mentions``, in this order."""
        for m in mentions:
            self._add((("", "", ""), 0), m, 1)
        self.flush()

    def _add(self, place: tuple[GroupKey, int], m: Mention, phase: int) -> None:
        (g_doc, g_kind, g_key), part = place
        i, n, a = m.identity, m.identity.name, m.identity.address
        self._buffer.append((self.count, phase, g_doc, g_kind, g_key, part, m.mention_id, m.doc_sha, m.path,
                             m.kind, m.role, m.confidence, m.packed_findings, m.packed_context, m.elements,
                             n.first, n.middle, n.last, n.suffix, i.display_name, i.dob, i.ssn, i.mrn,
                             i.member_id, i.member_ids, i.phones, i.emails, a.street, a.unit, a.city, a.state,
                             a.zip5))
        self.count += 1
        if len(self._buffer) >= self._batch:
            self.flush()

    def flush(self) -> None:
        """Write the buffered mentions to the table."""
        if not self._buffer:
            return
        columns = zip(*self._buffer, strict=True)
        batch = pa.table([pa.array(v, f.type) for v, f in zip(columns, _SCHEMA, strict=True)], schema=_SCHEMA)
        self._buffer.clear()
        self._con.register("_phi_mention_batch", batch)
        try:
            self._con.execute(f"INSERT INTO {_TABLE} SELECT * FROM _phi_mention_batch")
        finally:
            self._con.unregister("_phi_mention_batch")

    def placeholders(self) -> set[str]:
        """SSNs that mentions with at least ``PLACEHOLDER_SSN_DOBS`` different DOBs share
        (``table.shared_placeholders``' rule, in SQL: no set of birth dates per SSN in memory)."""
        self.flush()
        rows = self._con.execute(
            f"SELECT ssn FROM {_TABLE} WHERE ssn <> '' AND dob <> '' GROUP BY ssn "
            "HAVING count(DISTINCT dob) >= ?", [PLACEHOLDER_SSN_DOBS]).fetchall()
        return {str(r[0]) for r in rows}

    def linkage(self) -> tuple[list[MentionRef], dict[str, LinkageRow], set[str]]:
        """Each mention's place and linkage row (placeholder SSNs nulled), in the order
        ``MentionBuilder.finish`` gives, and the ids of the thin mentions (``identity.thin``); handed
        over once."""
        placeholders = self.placeholders()
        refs: list[MentionRef] = []
        rows: dict[str, LinkageRow] = {}
        for (mid,) in self._fetch(f"SELECT mention_id FROM {_TABLE} WHERE phase = 0 ORDER BY {_ORDER}"):
            ref = self._refs[mid]
            refs.append(ref)
            row = rows[ref.mention_id] = self._rows[mid]  # the interned id, not the string just read
            if row.ssn in placeholders:
                row.ssn = None
        thin_ids, self._refs, self._rows, self._thin, self._tuples = self._thin, {}, {}, set(), {}
        return refs, rows, thin_ids

    def people(self, owner: Mapping[str, str]) -> Iterator[tuple[str, list[Mention]]]:
        """(person id, its mentions by id) for each person of ``owner`` (mention id -> person id), in
        person id order; a mention here carries its id, elements and identity only."""
        self.flush()
        table = pa.table({"mention_id": pa.array(list(owner), pa.string()),
                          "person_id": pa.array(list(owner.values()), pa.string())})
        self._con.register("_phi_owner", table)
        try:
            current: str | None = None
            group: list[Mention] = []
            columns = ", ".join(f"s.{c}" for c in _IDENTITY)
            reader = self._con.execute(
                f"SELECT o.person_id, s.mention_id, s.elements, {columns} FROM {_TABLE} s "
                "JOIN _phi_owner o USING (mention_id) ORDER BY o.person_id, s.mention_id")
            for batch in reader.fetch_record_batch():
                for (pid, mid, elements, first, middle, last, suffix, display, dob, ssn, mrn, member, members,
                     phones, emails, street, unit, city, state, zip5) in zip(
                        *(col.to_pylist() for col in batch.columns), strict=True):
                    if pid != current:
                        if current is not None:
                            yield current, group
                        current, group = pid, []
                    identity = Identity(NameParts(first, middle, last, suffix), display, dob, ssn, mrn,
                                        member, tuple(members), tuple(phones), tuple(emails),
                                        Address(street, unit, city, state, zip5))
                    group.append(Mention(mid, "", "", "", None, 0.0, "", "", tuple(elements), identity))
            if current is not None:
                yield current, group
        finally:
            self._con.unregister("_phi_owner")

    def mentions_sql(self) -> str:
        """A query (on the same connection) giving the ``people_mentions`` rows."""
        self.flush()
        return _MENTIONS_SQL

    def close(self) -> None:
        """Drop the table."""
        self._con.execute(f"DROP TABLE IF EXISTS temp.{_TABLE}")

    def _fetch(self, sql: str, size: int = 10_000) -> Iterator[tuple[Any, ...]]:
        cur = self._con.execute(sql)
        while chunk := cur.fetchmany(size):
            yield from chunk


def _intern(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)


def _sql_type(t: pa.DataType) -> str:
    return {pa.int64(): "BIGINT", pa.int8(): "TINYINT", pa.int32(): "INTEGER", pa.float64(): "DOUBLE",
            pa.bool_(): "BOOLEAN", _STRS: "VARCHAR[]"}.get(t, "VARCHAR")
