"""The QC sample: a reproducible random sample of people and of documents phiscope found no PHI in,
for a human to check, and the estimates once reviewed.

Recall is estimated by the *elusion test* of e-discovery: the share of sampled "no PHI" documents
that a reviewer finds PHI in (with its Wilson 95 % interval) times the number of such documents is
the estimated number of missed PHI documents; recall = found / (found + missed), and the bounds of
the interval map to bounds of recall. People are checked for being one real person with the right
exposed element types (precision of resolution, Wilson 95 % interval).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import duckdb

from phiscope.errors import UsageError
from phiscope.store.sql import utc_now

Z95 = 1.959963984540054
ANSWERS = {"person": ("correct", "merged", "wrong-elements", "not-a-person"), "document": ("no-phi", "phi")}


@dataclass(frozen=True)
class QcSize:
    """How many people and "no PHI" documents to sample, and the seed."""

    people: int = 30
    documents: int = 30
    seed: int = 1


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``k / n`` (0, 1 when n is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def sample_ids(con: duckdb.DuckDBPyConnection, size: QcSize) -> dict[str, list[str]]:
    """Person ids and document ids (first 16 hex digits of the SHA-256) of the sample, stable for
    a given seed and case content."""
    people = [r[0] for r in con.execute("SELECT person_id FROM people ORDER BY person_id").fetchall()]
    docs = [r[0] for r in con.execute(
        "SELECT left(sha, 16) FROM documents WHERE status = 'done' AND sha NOT IN "
        "(SELECT doc_sha FROM findings) ORDER BY sha").fetchall()]
    return {"person": _pick(people, size.people, f"{size.seed}:people"),
            "document": _pick(docs, size.documents, f"{size.seed}:documents")}


def _pick(ids: list[str], n: int, seed: str) -> list[str]:
    return sorted(random.Random(seed).sample(ids, min(n, len(ids))))


def answers(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict[str, Any]]:
    """Recorded answers by (kind, item id)."""
    cur = con.execute("SELECT kind, item_id, answer, reviewer, note, reviewed_at FROM qc_reviews")
    return {(r[0], r[1]): {"answer": r[2], "reviewer": r[3], "note": r[4], "reviewed_at": r[5]}
            for r in cur.fetchall()}


def record(con: duckdb.DuckDBPyConnection, kind: str, item_id: str, answer: str, reviewer: str = "",
           note: str = "") -> None:
    """Record (or replace) a reviewer's answer; UsageError for an unknown item or answer."""
    if kind not in ANSWERS:
        raise UsageError(f"kind must be one of: {', '.join(ANSWERS)}")
    if answer not in ANSWERS[kind]:
        raise UsageError(f"a {kind} answer is one of: {', '.join(ANSWERS[kind])}")
    table, column = ("people", "person_id") if kind == "person" else ("documents", "left(sha, 16)")
    row = con.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [item_id]).fetchone()
    if not row or not row[0]:
        raise UsageError(f"no {kind} {item_id} in this case; list the sample with: phiscope qc sample")
    con.execute("INSERT OR REPLACE INTO qc_reviews VALUES (?, ?, ?, ?, ?, ?)",
                [kind, item_id, answer, reviewer, note, utc_now()])


def estimates(con: duckdb.DuckDBPyConnection, size: QcSize) -> dict[str, Any]:
    """Reviewed counts, the elusion-based recall estimate and person precision, each with 95 % CI."""
    ids, got = sample_ids(con, size), answers(con)
    docs = [got[("document", i)]["answer"] for i in ids["document"] if ("document", i) in got]
    people = [got[("person", i)]["answer"] for i in ids["person"] if ("person", i) in got]
    row = con.execute("SELECT count(DISTINCT doc_sha) FROM findings").fetchone()
    found = int(row[0]) if row else 0
    row = con.execute("SELECT count(*) FROM documents WHERE status = 'done' AND sha NOT IN "
                      "(SELECT doc_sha FROM findings)").fetchone()
    negatives = int(row[0]) if row else 0
    out: dict[str, Any] = {"seed": size.seed, "documents_sampled": len(ids["document"]),
                           "documents_reviewed": len(docs), "people_sampled": len(ids["person"]),
                           "people_reviewed": len(people), "no_phi_documents": negatives,
                           "phi_documents": found, "recall": None, "person_precision": None}
    if docs:
        k = docs.count("phi")
        lo, hi = wilson(k, len(docs))
        recall = [found / (found + p * negatives) if found + p * negatives else 1.0
                  for p in (k / len(docs), hi, lo)]
        out.update(elusion=k / len(docs), missed_phi_in_sample=k, recall=recall[0], recall_low=recall[1],
                   recall_high=recall[2])
    if people:
        k = people.count("correct")
        lo, hi = wilson(k, len(people))
        out.update(person_precision=k / len(people), person_precision_low=lo, person_precision_high=hi)
    return out
