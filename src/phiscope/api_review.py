"""The API of ``phiscope review`` (re-exported by phiscope.api): the uncertain pairs of a people
resolution and the reviewers' must-link / cannot-link decisions (issue 5).

Queue items carry masked identity fields unless ``reveal``; errors name mention ids only (hashes).
Decisions take effect at the next ``resolve_people`` (or ``run_case``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError

__all__ = ["review_decide", "review_import", "review_queue", "review_session"]

#: what to tell the user after deciding
APPLY_HINT = "decisions apply at the next `phiscope resolve --case {case}` (or `phiscope run`)"


def review_queue(case_dir: str | Path, *, key_file: str | None = None, reveal: bool = False,
                 limit: int | None = None, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The undecided review-band pairs, most probable first: both mentions (path, location, kind,
    role, identity fields masked unless ``reveal``), match probability and per-field weights."""
    from phiscope.api import open_case
    from phiscope.people.review import queue

    with open_case(case_dir, key_file, env=env) as store:
        return queue(store.notices_connection(), reveal, limit)


def review_decide(case_dir: str | Path, left: str, right: str, decision: str, *, reviewer: str | None = None,
                  note: str | None = None, key_file: str | None = None,
                  env: dict[str, str] | None = None) -> dict[str, Any]:
    """Record that two mentions are one person (``link``/``must_link``) or never
    (``distinct``/``cannot_link``); unknown mention ids raise UsageError."""
    from phiscope.api import open_case
    from phiscope.people.review import decide, decision_of

    kind = decision_of(decision)
    if kind is None:
        raise UsageError("a decision is link (must_link) or distinct (cannot_link)")
    with open_case(case_dir, key_file, env=env) as store:
        decide(store.notices_connection(), [(left, right, kind, reviewer, note)])
    a, b = sorted((left, right))
    return {"left_mention": a, "right_mention": b, "decision": kind, "reviewer": reviewer}


def review_import(case_dir: str | Path, path: str | Path, *, reviewer: str | None = None,
                  key_file: str | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Record the decisions of a CSV (``left_mention,right_mention,decision``; optional ``note`` and
    ``reviewer``); nothing is recorded when any row is bad."""
    from phiscope.api import open_case
    from phiscope.people.review import decide, read_csv

    if not Path(path).is_file():
        raise UsageError(f"decisions file not found: {path}")
    rows = read_csv(path, reviewer)
    with open_case(case_dir, key_file, env=env) as store:
        n = decide(store.notices_connection(), rows)
    return {"decisions": n, "must_link": sum(1 for r in rows if r[2] == "must_link"),
            "cannot_link": sum(1 for r in rows if r[2] == "cannot_link")}


def review_session(case_dir: str | Path, ask: Callable[[dict[str, Any], int, int], str], *,
                   reviewer: str | None = None, reveal: bool = False, limit: int | None = None,
                   key_file: str | None = None, env: dict[str, str] | None = None) -> dict[str, int]:
    """Ask about each queued pair (``ask(item, number, total)`` answers link, distinct, skip or
    quit); each decision is recorded as soon as it is made. Returns counts."""
    from phiscope.api import open_case
    from phiscope.people.review import session

    with open_case(case_dir, key_file, env=env) as store:
        return session(store.notices_connection(), ask, reviewer, reveal, limit)
