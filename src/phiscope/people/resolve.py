"""People resolution of a case: findings -> mentions -> Splink pairs -> people, stored in the case."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.bare import ADDRESS_LINK, address_links
from phiscope.people.build import build_into
from phiscope.people.cluster import Reviewed, Thresholds
from phiscope.people.constraints import structural_cannot
from phiscope.people.family import MESSAGE_LINK, message_links
from phiscope.people.keys import attach
from phiscope.people.linkage import LinkageOptions, predict
from phiscope.people.links import REVIEW_COLUMNS, LinkRows, kept_slices, link_table
from phiscope.people.mentions import Mention, build_mentions
from phiscope.people.name_split import aside_decisions, split_name_links
from phiscope.people.output import people_tables
from phiscope.people.partition import components, decide_at
from phiscope.people.place import Placed
from phiscope.people.review import load_reviewed, reviewed_links
from phiscope.people.rowtable import RowTable
from phiscope.people.rule_links import joined
from phiscope.people.sole import NAME_LINK, same_name
from phiscope.people.spill import MentionSpill
from phiscope.people.stable_ids import assign_ids
from phiscope.people.table import LinkageRow, linkage_rows
from phiscope.people.weights import PairWeights
from phiscope.stopwatch import Stopwatch, cyclic_gc_paused, release_arrow_memory
from phiscope.store import CaseStore
from phiscope.store.decisions import previous_people


@dataclass(frozen=True)
class ResolveOptions:
    """Options of a resolution: bands, Splink knobs and the notice date (minor flag)."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    linkage: LinkageOptions = field(default_factory=LinkageOptions)
    notice_date: dt.date | None = None  # None = today
    workers: int = 0  # processes deciding batches of components on a large case (0 = all cores)


def resolve_store(store: CaseStore, options: ResolveOptions | None = None) -> dict[str, Any]:
    """Resolve the people of an open, writable case and store them; returns counts and timing.

    The case's findings stream through a ``MentionBuilder`` (ordered by document and row): only the
    mentions, the free-text findings and the rows key joins may need stay in memory."""
    with cyclic_gc_paused():
        return _resolve_store(store, options)


def _resolve_store(store: CaseStore, options: ResolveOptions | None) -> dict[str, Any]:
    opts = options or ResolveOptions()
    t0 = time.perf_counter()
    clock = Stopwatch()
    notice = opts.notice_date or dt.date.today()
    spill = MentionSpill(store.notices_connection(), notice)  # mentions wait in the encrypted session
    try:
        workers = opts.workers or os.cpu_count() or 1
        builder = build_into(spill, store.people_finding_batches(), store.finding_count(), workers)
        clock.lap("mentions")
        rows, thin = spill.linkage()
        release_arrow_memory()  # each step's large transient tables: given back, not kept by the allocator
        clock.lap("rows")
        tmp = store.case_dir / "tmp"
        tmp.mkdir(exist_ok=True)
        reviewed = load_reviewed(store.notices_connection())  # `phiscope review` decisions (must 4)
        clusters, decided = resolve_rows(spill.places(for_rules=True), rows, opts, str(tmp), reviewed,
                                         store.notices_connection())
        del rows
        release_arrow_memory()
        clock.lap("resolve")
        # rows keyed to a person (must 5)
        keyed = attach(store.row_keys, builder.loose, spill.row_places, clusters, thin)
        builder.loose.clear()
        spill.add_keyed(keyed.mentions)
        release_arrow_memory()
        clock.lap("key_joins")
        keyed.apply(clusters)
        ids = assign_ids(clusters, *previous_people(store.notices_connection()))  # stable ids (must 4)
        tables = people_tables(spill, clusters, decided.kept, notice, ids.ids, decided.links.table())
        clock.lap("tables")
        seconds = round(time.perf_counter() - t0, 3)
        run = {"findings": builder.findings, "mentions": spill.count, "people": tables["people"].num_rows,
               "seconds": seconds, "settings": {"thresholds": asdict(opts.thresholds),
                                                "linkage": asdict(opts.linkage)}}
        store.replace_people(tables, run, mentions_sql=spill.mentions_sql(), links_sql=decided.links.sql())
        decided.links.close()
        clock.lap("store")
    finally:
        spill.close()
    steps = {**clock.laps, **{f"resolve.{k}": v for k, v in decided.seconds.items()}}
    run = {**run, **ids.report(), "decisions_ignored": decided.ignored, "step_seconds": steps}
    return {**run, "pairs": decided.pairs, "auto": decided.bands["auto"], "review": decided.bands["review"],
            "conflicts": decided.conflicts, "ambiguous": decided.ambiguous,
            "unattributed_mentions": decided.unattributed - len(keyed.adopted),
            "keyed_rows": len(keyed.mentions), "thin_people_joined": len(keyed.moved),
            "key_joins": [j.describe() for j in keyed.joins],
            "ambiguous_key_columns": keyed.ambiguous_columns,
            "conflicting_keyed_rows": keyed.conflicting_rows,
            "worker_peak_rss_mib": max(decided.worker_peak_mib, builder.worker_peak_kib // 1024)}


@dataclass
class Decided:
    """The pairs worth keeping (merged, review or conflicting): their ``person_links`` rows
    (``links``; made by ``links.link_table`` from ``links.kept_pairs``, a slice at a time) and their
    ends, band and conflict (``kept``: what ``links.review_counts`` reads), and counts over all pairs."""

    kept: pa.Table
    links: LinkRows
    pairs: int
    bands: Counter[str]
    conflicts: int  # auto- or review-band pairs a conflict (or a decision) kept apart
    ignored: int = 0  # reviewer decisions naming a mention this resolution does not have
    ambiguous: int = 0  # mentions that fit two people who clash, held apart (``ambiguity``)
    unattributed: int = 0  # poor mentions that fit two or more known people: no person (``sole``)
    worker_peak_mib: int = 0  # the largest clustering worker process's peak memory (``partition``)
    seconds: dict[str, float] = field(default_factory=dict)  # time of each step


def resolve_findings(findings: Sequence[Mapping[str, Any]], options: ResolveOptions | None = None,
                     tmp_dir: str | None = None, reviewed: Reviewed | None = None,
                     ) -> tuple[list[Mention], dict[str, list[str]], Decided]:
    """Mentions, clusters (root mention id -> mention ids) and decided pairs of findings with raw values;
    ``reviewed``: a reviewer's must-link / cannot-link decisions."""
    mentions = build_mentions(findings)
    clusters, decided = resolve_mentions(mentions, options, tmp_dir, reviewed)
    return mentions, clusters, decided


def resolve_mentions(mentions: Sequence[Mention], options: ResolveOptions | None = None,
                     tmp_dir: str | None = None, reviewed: Reviewed | None = None,
                     ) -> tuple[dict[str, list[str]], Decided]:
    """Clusters (root mention id -> mention ids) and decided pairs of mentions."""
    opts = options or ResolveOptions()
    return resolve_rows(mentions, linkage_rows(mentions, opts.notice_date), opts, tmp_dir, reviewed)


def resolve_rows(mentions: Sequence[Placed], rows: Mapping[str, LinkageRow],
                 options: ResolveOptions | None = None, tmp_dir: str | None = None,
                 reviewed: Reviewed | None = None, session: duckdb.DuckDBPyConnection | None = None,
                 ) -> tuple[dict[str, list[str]], Decided]:
    """Clusters and decided pairs of mentions given by their linkage rows (a ``RowTable``, or a mapping
    of mention id -> row) and places: at least those ``structural_cannot`` and ``message_links`` use
    (``MentionSpill.places``), in the rows' order. ``session``: the case's DuckDB session, where
    Splink's scored pairs (``weights.PairWeights``) and the kept pairs' ``person_links`` rows
    (``Decided.links``: the caller closes it once stored) wait; in memory without one."""
    opts = options or ResolveOptions()
    table = rows if isinstance(rows, RowTable) else RowTable.from_rows(rows)
    clock = Stopwatch()
    # a pair under the review band is never merged, shown or stored: Splink need not return it
    linkage = replace(opts.linkage, keep_above=max(opts.linkage.keep_above, opts.thresholds.review))
    # what the places give (millions of them on a large case), made first so they can go: the
    # cannot-links within records and the same-message links
    cannot, messages = structural_cannot(mentions), message_links(mentions, table)
    del mentions
    clock.lap("places")
    weights = PairWeights(session)  # Splink's pairs with their field weights, until the kept are known
    try:
        return _resolve_table(cannot, messages, table, opts, linkage, tmp_dir, reviewed, weights, clock,
                              session)
    finally:
        weights.close()


def _resolve_table(cannot: list[tuple[str, str]], messages: pa.Table, table: RowTable, opts: ResolveOptions,
                   linkage: LinkageOptions, tmp_dir: str | None, reviewed: Reviewed | None,
                   weights: PairWeights, clock: Stopwatch, session: duckdb.DuckDBPyConnection | None,
                   ) -> tuple[dict[str, list[str]], Decided]:
    scored = predict(table.splink_input(by_row=True), options=linkage, tmp_dir=tmp_dir, by_row=True,
                     sink=weights.add)
    release_arrow_memory()
    clock.lap("splink")
    rev, ignored = (reviewed or Reviewed()).known(table)
    rules = Reviewed(rev.must, tuple(sorted({*rev.cannot, *cannot})))
    del cannot
    # the rules' pairs (then the must-links, as rule pairs too), as row numbers; same-name links
    # whose namesakes span two components of all the other pairs are set aside (``name_split``)
    others = joined(address_links(table), messages)
    must = reviewed_links(rules, table)
    links, crowded = same_name(table, opts.thresholds.review)
    names, aside, several = split_name_links(links, components(len(table), *_ends([scored, others, must])))
    several = np.union1d(several, crowded)  # a name too common to look up: two or more candidates
    del links
    extra = joined(others, names)
    # every pair as its two mentions' row numbers: Splink's, the rules', then the must-links
    a, b = _ends([scored, extra, must])
    prob = np.concatenate([scored.column("match_probability").to_numpy().astype(np.float64),
                           extra.column("match_probability").to_numpy()])
    del scored  # tens of millions of pairs: their ends and probabilities are in a, b and prob now
    # a batch of components at a time
    done = decide_at(table, a, b, prob, len(prob), opts.thresholds, rules,
                     workers=opts.workers or os.cpu_count() or 1, several=several)
    pairs, bands, conflicts = aside_decisions(aside, len(prob) + must.num_rows, table, done.clusters,
                                              opts.thresholds, rules.cannot, done.worth)
    done.pairs += pairs
    done.bands.update(bands)
    done.conflicts += conflicts
    release_arrow_memory()
    clock.lap("cluster")
    # the kept pairs' person_links rows, a slice at a time; their ends, band and conflict stay
    links = LinkRows(session)
    queue = [_NO_PAIRS]
    for part in kept_slices(weights, joined(extra, must, aside), done.worth, table.ids):
        queue.append(part.select(REVIEW_COLUMNS))
        links.add(link_table(part, LINK_RULES))
    decided = Decided(pa.concat_tables(queue), links, done.pairs, done.bands, done.conflicts, ignored,
                      len(done.held), len(done.unattributed), worker_peak_mib=done.worker_peak_mib)
    decided.seconds = {**clock.laps, **clock.since("decide")}
    # a poor mention that fits two known people is one of them, not a third: no person of its own;
    # its review-band links stay for `phiscope review`
    return {r: ms for r, ms in done.clusters.items() if not done.unattributed.issuperset(ms)}, decided


#: rules whose pairs rest on one shared value (``links.link_table`` shows it as that value's weight)
LINK_RULES = (ADDRESS_LINK, MESSAGE_LINK, NAME_LINK)
_NO_PAIRS = pa.table({c: pa.array([], pa.string()) for c in REVIEW_COLUMNS})


def _ends(parts: Sequence[pa.Table]) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of ``parts`` (``row_l``/``row_r``), one after the other, as two integer arrays."""
    return (np.concatenate([_rows_of(p.column("row_l")) for p in parts]),
            np.concatenate([_rows_of(p.column("row_r")) for p in parts]))


def _rows_of(column: pa.ChunkedArray) -> np.ndarray:
    """A pair column of row numbers as an integer array."""
    return np.asarray(column.to_numpy(), np.int64)
