"""A case's person mentions built on every core, a part of its documents at a time.

Building mentions is per-finding Python work (grouping, the identity's normalised values): on a
100,000-patient case about ten million findings and two minutes, the largest step of resolution.
A mention never spans two documents except through the free text's shared values (a letterhead's
phone in many letters, ``mentions.MentionBuilder.finish``), so the findings, read from the case as
Arrow batches in (document, row key) order, are cut into parts of whole documents (a document too
large for one part, between two of its table rows). A worker process builds each part's table-row,
record and JSON mentions and hands back its loose findings and its free-text findings (as Arrow);
the resolving process writes the mentions to the spill; the free text of the whole case is then
finished in a worker as well. The mentions are the ones a single builder makes, and so is their
order (``spill._ORDER``). The finding dicts a builder makes and drops (about a kilobyte each) then
never fragment the resolving process's memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.mentions import GroupKey, Handed, Mention, MentionBuilder, Sink
from phiscope.people.pool import in_order
from phiscope.people.spill import MentionSpill, spill_row, spill_table
from phiscope.people.table_mentions import split_table_rows, table_mentions
from phiscope.rows import python_rows
from phiscope.stopwatch import cyclic_gc_paused

#: findings per part handed to a worker (whole documents; a larger document is cut between rows)
PART = 100_000
#: findings below which one process builds them all
PARALLEL_MIN = 400_000
#: a finding's columns whose strings repeat down a part (one object each per batch: ``python_rows``)
SHARED_COLUMNS = ("doc_sha", "path", "element", "detector_id", "role", "column", "flags", "mime_part",
                  "_phi_g_doc", "_phi_g_kind")


def build_into(spill: MentionSpill, batches: Iterable[pa.RecordBatch], findings: int, workers: int = 1,
               part: int = PART, parallel_min: int = PARALLEL_MIN) -> MentionBuilder:
    """Build the mentions of ``findings`` findings (Arrow batches with raw values, in document then
    row key order: ``CaseStore.people_finding_batches``) into ``spill``; with ``workers`` > 1 and at
    least ``parallel_min`` findings, parts of ``part`` findings in that many processes. Returns the
    finished builder (its ``loose`` findings, ``findings`` count and ``worker_peak_kib``, the largest
    worker process's peak memory, 0 when none ran)."""
    builder = MentionBuilder(sink=spill.add)
    spread = workers if findings >= parallel_min else 1
    text: list[pa.Table] = []
    for (rows, handed, waiting), peak in in_order(_build_part, parts(batches, part), spread):
        spill.add_table(rows)
        builder.adopt(handed)
        text.append(waiting)
        builder.worker_peak_kib = max(builder.worker_peak_kib, peak)
    if text:  # the free text, once every document's is known: in a worker too
        for rows, peak in in_order(_finish_text, [pa.concat_tables(text)], spread):
            spill.add_table(rows)
            builder.worker_peak_kib = max(builder.worker_peak_kib, peak)
    builder.finish()
    return builder


def parts(batches: Iterable[pa.RecordBatch], size: int) -> Iterator[pa.Table]:
    """The findings cut into tables of at least ``size`` rows (the last may be smaller), each ending
    where a document does, or, inside a document larger than that, where a table row or record ends
    (``_row_cut``): a million-row export is one document."""
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        pending.append(batch)
        held += batch.num_rows
        if held < size:
            continue
        table = pa.Table.from_batches(pending)
        docs = table.column("doc_sha")
        same = pc.equal(docs, docs[len(docs) - 1]).to_numpy(zero_copy_only=False)
        # where the last document starts, else (one document so far) where its last full row ends
        cut = len(same) - int(np.argmin(same[::-1])) if not same.all() else _row_cut(table)
        if not cut:
            continue
        yield table.slice(0, cut)
        rest = table.slice(cut)
        pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield pa.Table.from_batches(pending)


def _row_cut(table: pa.Table) -> int:
    """Where the last table row or record of a one-document table starts (0: nowhere to cut). Only
    in a document without JSON-grouped findings (``mentions._group_key``: a JSON record stays open
    until its document ends) and between two row keys: findings without one (free text) come last
    and wait for the case's end."""
    keys, path, role = (table.column(c).combine_chunks() for c in ("row_key", "json_path", "role"))
    if pc.any(pc.and_(pc.is_valid(path), pc.or_(pc.is_null(role), pc.is_null(keys)))).as_py():
        return 0
    n = table.num_rows
    change = pc.fill_null(pc.not_equal(keys.slice(1), keys.slice(0, n - 1)), False)
    at = np.flatnonzero(change.to_numpy(zero_copy_only=False))
    return int(at[-1]) + 1 if len(at) else 0


def _build_part(part: pa.Table) -> tuple[pa.Table, Handed, pa.Table]:
    """One part's table-row, record and JSON mentions (as spill rows numbered from 0), its loose
    findings (``MentionBuilder.hand_over``), its free-text findings with their group as Arrow (they
    wait for the case's other documents; as Arrow they cost no Python object each meanwhile). Rows
    and records are grouped column by column (``table_mentions``), the rest a finding at a time."""
    rows, keep = _collected()
    with cyclic_gc_paused():
        table, rest = split_table_rows(part)
        loose = table_mentions(table, keep)
        builder = MentionBuilder(sink=keep)
        for batch in rest.to_batches(max_chunksize=20_000):
            for f in python_rows(batch, SHARED_COLUMNS):
                builder.add(f)
        handed = builder.hand_over()
        for key, held in handed.loose.items():  # a JSON line's other findings close with its document
            loose[key] = loose.get(key, []) + held
        schema = pa.schema([*part.schema, *(pa.field(g, pa.string()) for g in _GROUP)])
        waiting = [{**f, _GROUP[0]: doc, _GROUP[1]: kind, _GROUP[2]: key}
                   for (doc, kind, key), fs in handed.text.items() for f in fs]
        text = pa.Table.from_pylist(waiting, schema=schema)
        return spill_table(rows), Handed({}, loose, handed.findings + table.height), text


def _collected() -> tuple[list[tuple[Any, ...]], Sink]:
    """A list and a ``MentionBuilder`` sink putting each mention into it as a spill row (numbered
    from 0)."""
    rows: list[tuple[Any, ...]] = []

    def keep(place: tuple[GroupKey, int], m: Mention) -> None:
        rows.append(spill_row(len(rows), 0, place, m))

    return rows, keep


#: the columns that carry a free-text finding's group (document, kind, key) beside its fields
_GROUP = ("_phi_g_doc", "_phi_g_kind", "_phi_g_key")


def _finish_text(text: pa.Table) -> pa.Table:
    """The free-text mentions of the whole case (``MentionBuilder.finish``) as spill rows."""
    rows, keep = _collected()
    with cyclic_gc_paused():
        groups: dict[GroupKey, list[Mapping[str, Any]]] = {}
        for batch in text.to_batches(max_chunksize=20_000):
            for f in python_rows(batch, SHARED_COLUMNS):
                key = (f.pop(_GROUP[0]), f.pop(_GROUP[1]), f.pop(_GROUP[2]))
                groups.setdefault(key, []).append(f)
        builder = MentionBuilder(sink=keep)
        builder.adopt(Handed(groups, {}, 0))
        builder.finish()
        return spill_table(rows)
