"""Relational key joins: rows that hold no identity of their own (``conditions.csv`` keyed by
``PATIENT``, ``payment_methods`` keyed by ``guarantor_id``, lab results keyed by ``ENCOUNTER``)
joined to the person of the row their key points at.

The scanner keeps the id-like cells of every table row as keyed hashes (``row_keys``, see
``scan.keys``). After clustering, a row whose findings belong to one person is *resolved*. Then,
up to ``HOPS`` times:

1. **Targets**: key columns whose values are unique per row (a primary key) in a table where at
   least ``TARGET_RESOLVED`` of the rows are resolved (``patients.Id``; after one hop,
   ``encounters.Id``).
2. **References**: every other key column is compared with every target by the share of its
   distinct keys the target holds. A reference takes the target whose name it carries
   (``guarantor_id`` -> table ``guarantors``; ``PATIENT`` -> ``patients``; the same column name)
   when that share is at least ``NAMED_MIN``; a column naming no target takes one only when the
   share is at least ``UNNAMED_MIN`` and all its keys are ``strong`` (long tokens such as UUIDs,
   see ``scan.keys``, not the small integers every table's counter shares). A target in the
   reference's own document (a table of the same SQL dump or workbook) is preferred, then one in
   its folder (the other CSVs of one export): two dumps whose counters both start at 1 are two
   databases, not one. Two equally good targets: no join.
3. **Rows**: each unresolved row of a reference column whose key is in the target joins the
   target row's person, unless its key columns point at different people.

Every joined row's findings become a ``keyed-row`` mention of that person (its exposed
elements), with the key column and the target table as evidence.

A row whose own mention says only who holds a member ID, phone or e-mail (no name, birth date, SSN
or MRN in its whole person: Synthea's ``payer_transitions.csv`` row of ``PATIENT`` and
``MEMBERID``) is not resolved by that *thin* person: it joins like an unresolved row, and when all
of a thin person's joined rows lead to one person, the thin person is that person (the claims
keyed by that member ID with it). A mention left without a person (``sole``: it fit two) whose
row a key joins goes with it too.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.identity import Identity
from phiscope.people.mentions import Loose, Mention, mention_id, new_mention
from phiscope.people.place import Placed
from phiscope.scan.keys import ENTITY_WORDS, ID_WORDS, singular
from phiscope.scan.text import normalize_label

HOPS = 3
TARGET_RESOLVED = 0.5
NAMED_MIN = 0.5
UNNAMED_MIN = 0.9
CONF_KEYED = 0.95
_COL = ["doc_sha", "table_id", "column"]
#: the key cells' repeated strings, held as categories (four bytes a cell, not a 64-digit SHA and
#: a path each)
_SHARED = ("doc_sha", "table_id", "table_name", "column", "folder")


@dataclass(frozen=True)
class KeyJoin:
    """One reference column joined to one target column."""

    source: tuple[str, str, str]
    target: tuple[str, str, str]
    source_table: str
    target_table: str
    containment: float
    named: bool
    hop: int
    rows: int = 0

    def describe(self) -> dict[str, Any]:
        """JSON-ready: ``table.column`` on each side (documents by short SHA-256), rows joined, why."""
        return {"from": f"{self.source_table}.{self.source[2]}",
                "to": f"{self.target_table}.{self.target[2]}",
                "rows": self.rows, "containment": self.containment, "named": self.named, "hop": self.hop,
                "from_doc": self.source[0][:16], "to_doc": self.target[0][:16]}


@dataclass
class KeyedRows:
    """What the joins produced: new mentions with the person (cluster root) each belongs to, and the
    thin people and personless mentions the keys placed."""

    mentions: list[Mention]
    owner: dict[str, str]  # keyed mention id -> cluster root
    joins: list[KeyJoin]
    ambiguous_columns: int
    conflicting_rows: int
    moved: dict[str, str] = field(default_factory=dict)  # thin cluster root -> the root it joins
    adopted: dict[str, str] = field(default_factory=dict)  # personless mention id -> cluster root

    def apply(self, clusters: dict[str, list[str]]) -> None:
        """Put the keyed mentions, thin people and personless mentions into ``clusters``."""
        for thin, root in self.moved.items():
            clusters[root] += clusters.pop(thin)
        for placed in (self.owner, self.adopted):
            for mid, root in placed.items():
                clusters[root].append(mid)


def _subject_words(name: str) -> set[str]:
    """The entity words of a column or table name (``guarantor_id`` -> {guarantor})."""
    words = normalize_label(name.replace("#", " no ")).split()
    if len(words) == 1 and words[0].endswith("id") and words[0][:-2] in ENTITY_WORDS:
        words = [words[0][:-2]]
    return {singular(w) for w in words if w not in ID_WORDS}


def _named(column: str, target_table: str, target_column: str) -> bool:
    if normalize_label(column) == normalize_label(target_column) and _subject_words(column):
        return True
    subject = _subject_words(column)
    return bool(subject) and bool(subject & (_subject_words(target_table) | _subject_words(target_column)))


def row_ids(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The key cells with each table row as one integer ``rid`` instead of its document and row key,
    and the rows (rid, doc_sha, row_key): the joins below then carry four bytes a row, not two
    strings (a million-patient case holds about ten million key cells)."""
    rows = frame.select("doc_sha", "row_key").unique(maintain_order=True).with_row_index("rid")
    return frame.join(rows, on=["doc_sha", "row_key"]).drop("row_key"), rows


def row_places(places: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Which keyed rows each mention holds (mention_id, rid), from its places (``places``:
    mention_id, doc_sha, row_keys); rows holding no key cell are left out (no join reads them)."""
    return (places.explode("row_keys").rename({"row_keys": "row_key"}).drop_nulls("row_key")
            .with_columns(pl.col("doc_sha").cast(rows.schema["doc_sha"]))
            .join(rows, on=["doc_sha", "row_key"]).select("mention_id", "rid"))


def row_owners(placed: pl.DataFrame, owners: pl.DataFrame) -> pl.DataFrame:
    """rid -> cluster root of the rows whose own findings all belong to one person (``placed``:
    mention_id, rid, ``row_places``; ``owners``: mention_id, root)."""
    return (placed.join(owners, on="mention_id").select("rid", "root").unique()
            .filter(pl.len().over("rid") == 1))


def place_frame(mentions: Sequence[Placed]) -> pl.DataFrame:
    """Mentions' places as ``attach`` reads them: mention_id, doc_sha, row_keys."""
    return pl.DataFrame(
        {"mention_id": [m.mention_id for m in mentions], "doc_sha": [m.doc_sha for m in mentions],
         "row_keys": [list(m.rows) for m in mentions]},
        schema={"mention_id": pl.String, "doc_sha": pl.String, "row_keys": pl.List(pl.String)})


def _targets(keys: pl.DataFrame, owned: pl.DataFrame) -> pl.DataFrame:
    """Key columns unique per row in mostly resolved tables, with each key's person."""
    tagged = keys.join(owned, on="rid", how="left")
    stats = tagged.group_by(_COL).agg(
        pl.len().alias("n"), pl.col("key_hmac").n_unique().alias("distinct"),
        pl.col("root").is_not_null().sum().alias("resolved"), pl.col("table_name").first())
    eligible = stats.filter((pl.col("distinct") == pl.col("n"))
                            & (pl.col("resolved") >= TARGET_RESOLVED * pl.col("n")))
    return (tagged.join(eligible.select(_COL), on=_COL).filter(pl.col("root").is_not_null())
            .select(pl.col("doc_sha").alias("t_doc"), pl.col("table_id").alias("t_table"),
                    pl.col("column").alias("t_column"), pl.col("table_name").alias("t_name"),
                    pl.col("folder").alias("t_folder"), "key_hmac", "root"))


def _choose(keys: pl.DataFrame, targets: pl.DataFrame, hop: int) -> tuple[list[KeyJoin], int]:
    """The target each reference column joins, and how many columns had two equally good ones."""
    distinct = keys.select([*_COL, "table_name", "folder", "key_hmac", "strong"]).unique([*_COL, "key_hmac"])
    sizes = distinct.group_by(_COL).agg(pl.len().alias("size"), pl.col("table_name").first(),
                                        pl.col("folder").first(), pl.col("strong").all())
    hits = (distinct.join(targets.select("t_doc", "t_table", "t_column", "t_name", "t_folder", "key_hmac"),
                          on="key_hmac")
            .filter(~((pl.col("doc_sha") == pl.col("t_doc")) & (pl.col("table_id") == pl.col("t_table"))
                      & (pl.col("column") == pl.col("t_column"))))
            .group_by([*_COL, "t_doc", "t_table", "t_column", "t_name", "t_folder"])
            .agg(pl.len().alias("hits")))
    scored = hits.join(sizes, on=_COL).with_columns((pl.col("hits") / pl.col("size")).alias("share"))
    by_source: dict[tuple[str, str, str], list[tuple[bool, int, float, KeyJoin]]] = {}
    for r in scored.iter_rows(named=True):
        named = _named(r["column"], r["t_name"], r["t_column"])
        join = KeyJoin((r["doc_sha"], r["table_id"], r["column"]), (r["t_doc"], r["t_table"], r["t_column"]),
                       r["table_name"], r["t_name"], round(float(r["share"]), 4), named, hop)
        if (named and join.containment >= NAMED_MIN) or (join.containment >= UNNAMED_MIN and r["strong"]):
            distance = _distance(r["doc_sha"], r["folder"], r["t_doc"], r["t_folder"])
            by_source.setdefault(join.source, []).append((named, distance, join.containment, join))
    chosen, ambiguous = [], 0
    for _, options in sorted(by_source.items()):  # in source order: the same joins, numbered alike, every run
        options.sort(key=lambda o: (not o[0], o[1], -o[2]))
        if len(options) > 1 and options[0][:3] == options[1][:3]:
            ambiguous += 1
            continue
        chosen.append(options[0][3])
    return chosen, ambiguous


def _distance(doc: str, folder: str | None, t_doc: str, t_folder: str | None) -> int:
    """0: the target is in the reference's own document; 1: in its folder; 2: elsewhere."""
    if doc == t_doc:
        return 0
    return 1 if folder is not None and folder == t_folder else 2


def join_rows(keys: pl.DataFrame, owned: pl.DataFrame) -> tuple[pl.DataFrame, list[KeyJoin], int, int]:
    """Rows joined to a person (rid, root, via: index of the join), the joins that joined rows, and
    the counts of ambiguous columns and of rows whose keys pointed at different people. ``keys``
    (each row as its ``rid``, ``row_ids``) may carry each document's ``folder`` (without it, only a
    reference's own document is nearer than the others); ``owned``: rid, root."""
    if "folder" not in keys.columns:
        keys = keys.with_columns(pl.lit(None, pl.String).alias("folder"))
    joins: list[KeyJoin] = []
    ambiguous = conflicting = 0
    resolved = owned
    joined = pl.DataFrame(schema={"rid": pl.UInt32, "root": pl.String, "via": pl.Int64})
    for hop in range(1, HOPS + 1):
        pending = keys.join(resolved.select("rid"), on="rid", how="anti")
        targets = _targets(keys, resolved)
        if pending.is_empty() or targets.is_empty():
            break
        chosen, amb = _choose(pending, targets, hop)
        ambiguous += amb
        new, bad = _apply(pending, targets, chosen, len(joins))
        conflicting += bad
        if new.is_empty():
            break
        used = sorted(set(new["via"].to_list()))
        renumber = {old: len(joins) + i for i, old in enumerate(used)}
        joins += [replace(chosen[v - len(joins)], rows=int((new["via"] == v).sum())) for v in used]
        new = new.with_columns(pl.col("via").replace_strict(renumber, return_dtype=pl.Int64))
        joined = pl.concat([joined, new])
        resolved = pl.concat([resolved, new.select("rid", "root")])
    return joined, joins, ambiguous, conflicting


def _apply(pending: pl.DataFrame, targets: pl.DataFrame, chosen: Sequence[KeyJoin],
           offset: int) -> tuple[pl.DataFrame, int]:
    """The pending rows each chosen join puts with one person (``via``: ``offset`` + the join's
    index), and how many rows it would put with several."""
    if not chosen:
        return pl.DataFrame(schema={"rid": pl.UInt32, "root": pl.String, "via": pl.Int64}), 0
    plan = pl.DataFrame([(*j.source, *j.target, offset + i) for i, j in enumerate(chosen)],
                        schema=[*_COL, "t_doc", "t_table", "t_column", "via"], orient="row")
    plan = plan.with_columns(*(pl.col(c).cast(pending.schema[c]) for c in _COL),
                             *(pl.col(c).cast(targets.schema[c]) for c in ("t_doc", "t_table", "t_column")))
    hits = (pending.join(plan, on=_COL)
            .join(targets, on=["t_doc", "t_table", "t_column", "key_hmac"])
            .select("rid", "root", "via"))
    people = hits.group_by("rid").agg(pl.col("root").n_unique().alias("people"),
                                      pl.col("root").first(), pl.col("via").min())
    bad = people.filter(pl.col("people") > 1).height
    return people.filter(pl.col("people") == 1).select("rid", "root", "via"), bad


def keyed_mentions(joined: pl.DataFrame, loose: Mapping[tuple[str, str], Sequence[Loose]],
                   joins: Sequence[KeyJoin]) -> tuple[list[Mention], dict[str, str]]:
    """One ``keyed-row`` mention per joined row that has findings no mention holds (``loose``:
    (doc_sha, row_key) -> its findings as (finding id, element, path))."""
    mentions, owner = [], {}
    for doc, row_key, root, via in sorted(joined.iter_rows()):
        fs = loose.get((doc, row_key))
        if not fs:
            continue
        mid = mention_id(doc, "keyed-row", row_key)
        mentions.append(new_mention(mid, doc, fs[0][2], "keyed-row", f"key:{joins[via].source[2]}",
                                    CONF_KEYED, sorted(f[0] for f in fs), [], {f[1] for f in fs},
                                    Identity()))
        owner[mid] = root
    return mentions, owner


def _placed(joined: pl.DataFrame, placed: pl.DataFrame, owners: pl.DataFrame,
            thin_roots: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Thin clusters whose joined rows all lead to one (non-thin) person, and personless mentions of
    joined rows, with the root each joins (``placed``: ``row_places``)."""
    target = joined.select("rid", pl.col("root").alias("to"))
    leads = (placed.join(target, on="rid")
             .group_by("mention_id").agg(pl.col("to").unique())
             .filter(pl.col("to").list.len() == 1).select("mention_id", pl.col("to").list.first())
             .join(owners, on="mention_id", how="left"))
    adopted = dict(leads.filter(pl.col("root").is_null()).select("mention_id", "to").iter_rows())
    from_thin: dict[str, set[str]] = {}
    for own, to in leads.filter(pl.col("root").is_in(list(thin_roots))).select("root", "to").iter_rows():
        from_thin.setdefault(own, set()).add(to)
    moved = {thin: next(iter(to)) for thin, to in from_thin.items() if len(to) == 1 and not to & thin_roots}
    return moved, adopted


def attach(keys: Callable[[], pa.Table], loose: Mapping[tuple[str, str], Sequence[Loose]],
           mentions: Sequence[Placed] | Callable[[], pa.Table], clusters: Mapping[str, list[str]],
           thin: Container[str]) -> KeyedRows:
    """Join the keyed rows of a case (``keys``: gives the store's ``row_keys`` as Arrow; ``loose``: the
    findings of rows that made no mention, ``MentionBuilder.loose``) to the people of ``clusters``
    (root -> mention ids; ``thin``: the ids of mentions that say who holds a value but not who the
    person is, ``identity.thin``); returns the new mentions and their roots (``KeyedRows.apply``
    puts them in). ``mentions``: their places, or what gives an Arrow table of them (mention_id,
    doc_sha, row_keys: ``spill.MentionSpill.row_places``). The two tables are asked for here, not
    passed, so that each Arrow copy goes as soon as it is a polars frame (at a million patients the
    caller's copies stayed through the whole join: 21 and 16 MB at 10,000 patients, growing with the case)."""
    table = pl.from_arrow(keys())
    assert isinstance(table, pl.DataFrame)
    table = table.with_columns(pl.col(c).cast(pl.Categorical) for c in _SHARED if c in table.columns)
    if table.is_empty():
        return KeyedRows([], {}, [], 0, 0)
    frame, rows = row_ids(table)
    del table
    thin_roots = {root for root, members in clusters.items() if all(m in thin for m in members)}
    owners = pl.DataFrame({"mention_id": [m for members in clusters.values() for m in members],
                           "root": [root for root, members in clusters.items() for _ in members]},
                          schema={"mention_id": pl.String, "root": pl.String})
    places = pl.from_arrow(mentions()) if callable(mentions) else place_frame(mentions)
    assert isinstance(places, pl.DataFrame)
    placed = row_places(places, rows)
    del places
    owned = row_owners(placed, owners.filter(~pl.col("root").is_in(list(thin_roots))))
    joined, joins, ambiguous, conflicting = join_rows(frame, owned)
    del frame, owned
    moved, adopted = _placed(joined, placed, owners, thin_roots)
    named = joined.join(rows, on="rid").select("doc_sha", "row_key", "root", "via")
    new, owner = keyed_mentions(named, loose, joins)
    return KeyedRows(new, owner, joins, ambiguous, conflicting, moved, adopted)
