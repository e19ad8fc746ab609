"""``phiscope review``: the uncertain pairs of a resolution, one by one, and the reviewer's
must-link / cannot-link decisions, stored in the case (``link_decisions``) and honoured by every
later resolution (``cluster.Reviewed``).

The queue holds the ``review``-band pairs (a match probability between the review and auto-merge
thresholds) whose two mentions are in different people and that nobody decided yet, most
probable first. A decision is written as soon as it is made, so quitting keeps it; it takes effect
at the next ``phiscope resolve`` (or ``phiscope run``, whose people stage is then stale).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import UsageError
from phiscope.people.cluster import REVIEWED, Reviewed
from phiscope.people.review_view import mention_view
from phiscope.people.rowtable import RowTable
from phiscope.people.rule_links import rule_links
from phiscope.store import decisions as sql

#: what a reviewer may answer, and the decision each records (None: none)
ANSWERS = {"link": "must_link", "must_link": "must_link", "l": "must_link",
           "distinct": "cannot_link", "cannot_link": "cannot_link", "d": "cannot_link",
           "skip": None, "s": None}
#: mentions joined by a relational key, not by identity: never in a scored pair
UNDECIDABLE_KINDS = frozenset({"keyed-row"})
Ask = Callable[[dict[str, Any], int, int], str]


def load_reviewed(con: duckdb.DuckDBPyConnection) -> Reviewed:
    """The case's decisions, for clustering."""
    rows = sql.read_decisions(con)
    return Reviewed(must=tuple((a, b) for a, b, d in rows if d == "must_link"),
                    cannot=tuple((a, b) for a, b, d in rows if d == "cannot_link"))


#: the match weight shown for a reviewer's must-link (like an exact shared identifier: certain)
REVIEWED_WEIGHT = 30.0


def reviewed_links(reviewed: Reviewed, table: RowTable) -> pa.Table:
    """The must-link pairs as ``rule_links`` rows of ``table`` (``person_links`` rows of band
    ``reviewed``); every one of them names two mentions of the table (``Reviewed.known``)."""
    left, right = [a for a, _ in reviewed.must], [b for _, b in reviewed.must]
    return rule_links(table.positions(left), table.positions(right), 1.0, REVIEWED_WEIGHT, REVIEWED, None)


def _require_people(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT count(*) FROM people_runs").fetchone()
    if not row or not row[0]:
        raise UsageError("people were never resolved in this case; run: phiscope resolve --case DIR")


def queue(con: duckdb.DuckDBPyConnection, reveal: bool = False,
          limit: int | None = None) -> list[dict[str, Any]]:
    """The undecided review pairs, most probable first, each with both mentions as a reviewer sees
    them (masked unless ``reveal``) and the per-field match weights."""
    _require_people(con)
    pairs = sql.review_pairs(con)[:limit] if limit is not None else sql.review_pairs(con)
    details = sql.mention_details(con, [m for p in pairs for m in (p["left_mention"], p["right_mention"])])
    out = []
    for p in pairs:
        weights = json.loads(p.pop("field_weights") or "{}")
        out.append({**p, "field_weights": weights, "left": mention_view(details[p["left_mention"]], reveal),
                    "right": mention_view(details[p["right_mention"]], reveal)})
    return out


def decision_of(answer: str) -> str | None:
    """``must_link``/``cannot_link`` for an answer (link, distinct, must_link, ...), None for skip."""
    key = answer.strip().lower()
    if key not in ANSWERS:
        raise UsageError(f"unknown decision {answer!r}: use link (must_link) or distinct (cannot_link)")
    return ANSWERS[key]


def check_pairs(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]]) -> None:
    """Raise one UsageError naming every problem: an id that is no mention of the current
    resolution, a mention paired with itself, a mention joined by key only."""
    _require_people(con)
    pairs = list(pairs)
    kinds = sql.known_mentions(con, [m for p in pairs for m in p])
    unknown = sorted({m for p in pairs for m in p if m not in kinds})
    keyed = sorted({m for p in pairs for m in p if kinds.get(m) in UNDECIDABLE_KINDS})
    problems = []
    if unknown:
        problems.append(f"unknown mention id(s) {', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}"
                        " (see: phiscope review --list, or phiscope explain PERSON)")
    if any(a == b for a, b in pairs):
        problems.append("a mention cannot be decided against itself")
    if keyed:
        problems.append(f"mention(s) {', '.join(keyed[:5])} joined a person by a relational key, not by "
                        "identity: decide about the row they point at instead")
    if problems:
        raise UsageError("; ".join(problems))


def decide(con: duckdb.DuckDBPyConnection, rows: Sequence[sql.Row]) -> int:
    """Check and record decisions (left, right, must_link|cannot_link, reviewer, note); how many."""
    bad = sorted({r[2] for r in rows} - set(sql.DECISIONS))
    if bad:
        raise UsageError(f"unknown decision(s) {', '.join(bad)}: use must_link or cannot_link")
    check_pairs(con, [(r[0], r[1]) for r in rows])
    sql.write_decisions(con, rows)
    return len(rows)


def read_csv(path: str | Path, reviewer: str | None) -> list[sql.Row]:
    """Decisions from a CSV with columns ``left_mention,right_mention,decision`` (optional ``note``,
    ``reviewer``); every bad row is reported at once."""
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = {"left_mention", "right_mention", "decision"} - set(reader.fieldnames or ())
            if missing:
                raise UsageError(f"{path}: missing column(s) {', '.join(sorted(missing))} (need "
                                 "left_mention,right_mention,decision)")
            records = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise UsageError(f"cannot read decisions from {path} ({type(e).__name__})") from e
    rows, bad = [], []
    for n, r in enumerate(records, start=2):
        decision = ANSWERS.get(str(r.get("decision") or "").strip().lower())
        if decision is None:
            bad.append(str(n))
            continue
        rows.append((str(r["left_mention"] or "").strip(), str(r["right_mention"] or "").strip(), decision,
                     (r.get("reviewer") or "").strip() or reviewer, (r.get("note") or "").strip() or None))
    if bad:
        raise UsageError(f"{path}: line(s) {', '.join(bad[:10])} have no decision link/must_link or "
                         "distinct/cannot_link")
    return rows


def session(con: duckdb.DuckDBPyConnection, ask: Ask, reviewer: str | None, reveal: bool = False,
            limit: int | None = None) -> dict[str, int]:
    """Ask about each queued pair (``ask(item, number, total)`` answers link, distinct, skip or
    quit) and record each decision at once; counts of what was decided."""
    items = queue(con, reveal, limit)
    counts = {"pairs": len(items), "linked": 0, "distinct": 0, "skipped": 0}
    for n, item in enumerate(items, start=1):
        answer = ask(item, n, len(items)).strip().lower()
        if answer in ("q", "quit"):
            break
        decision = decision_of(answer)
        if decision is None:
            counts["skipped"] += 1
            continue
        sql.write_decisions(con, [(item["left_mention"], item["right_mention"], decision, reviewer, None)])
        counts["linked" if decision == "must_link" else "distinct"] += 1
    counts["undecided"] = counts["pairs"] - counts["linked"] - counts["distinct"]
    return counts
