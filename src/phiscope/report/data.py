"""Everything the report shows, gathered from an open case (counts, masked or no values)."""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
from typing import Any

from phiscope import __version__
from phiscope.pipeline.records import connection, read_records
from phiscope.pipeline.steps import people_counts
from phiscope.report import qc, queries
from phiscope.store import CaseStore


def collect(store: CaseStore, size: qc.QcSize, reveal: bool = False) -> dict[str, Any]:
    """The report's data: headline, charts' numbers, obligations, files, methodology and QC."""
    con = connection(store)
    records = read_records(store)
    people = people_counts(store)
    summ = store.summary()
    return {
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "case": str(store.case_dir), "version": __version__, "python": platform.python_version(),
        "schema": store.meta.schema_version, "reveal": reveal,
        "files": queries.files_read(con), "people": people,
        "findings": summ["findings"], "errors": queries.errors_by_kind(con),
        "states": queries.people_by_state(con), "elements": queries.people_by_element(con),
        "obligations": records["obligations"].result if "obligations" in records else None,
        "notices": records["notices"].result if "notices" in records else None,
        "top_files": queries.top_files(con), "formats": _format_matrix(con),
        "method": _methodology(store, con, records),
        "accuracy": records["evaluate"].result if "evaluate" in records else None,
        "qc": collect_qc(store, con, size, reveal),
    }


def _format_matrix(con: Any) -> dict[str, Any]:
    cells = queries.formats_by_element(con)
    formats = sorted({c["format"] or "?" for c in cells})
    elements = sorted({c["element"] for c in cells})
    grid = {(c["format"] or "?", c["element"]): int(c["findings"]) for c in cells}
    top = max(grid.values(), default=1)
    return {"formats": formats, "elements": elements, "documents": queries.documents_by_format(con),
            "cells": {f: [(grid.get((f, e), 0), grid.get((f, e), 0) / top) for e in elements]
                      for f in formats}}


def _methodology(store: CaseStore, con: Any, records: dict[str, Any]) -> dict[str, Any]:
    from phiscope.detectors.registry import load_detectors

    hashes = queries.input_hashes(con)
    combined = hashlib.sha256("".join(f"{h['path']}\0{h['sha']}\n" for h in hashes).encode()).hexdigest()
    dets = [{"id": d.id, "element": d.element_type, "min_confidence": d.min_confidence}
            for d in load_detectors().detectors]
    return {
        "detectors": sorted(dets, key=lambda d: d["id"]), "people_run": store.people_run(),
        "stages": [{"stage": k, "finished_at": v.finished_at, "seconds": v.seconds,
                    "fingerprint": v.fingerprint[:16]} for k, v in records.items()],
        "runs": [{k: r[k] for k in ("run_id", "started_at", "finished_at", "status", "phiscope_version")}
                 for r in store.summary()["runs"]],
        "inputs": hashes[:200], "inputs_total": len(hashes), "inputs_sha256": combined,
    }


def collect_qc(store: CaseStore, con: Any, size: qc.QcSize, reveal: bool) -> dict[str, Any]:
    """The QC sample (names only with ``reveal``), the answers recorded and the estimates."""
    ids, got = qc.sample_ids(con, size), qc.answers(con)
    people = {p["person_id"]: p for p in store.iter_people(reveal=reveal)
              if p["person_id"] in set(ids["person"])}
    docs = {r["id"]: r for r in queries.rows(
        con, "SELECT left(sha, 16) AS id, first_path AS path, reader_id AS format FROM documents "
             "WHERE left(sha, 16) IN (SELECT unnest(?))", [ids["document"]])}
    return {
        "people": [{"id": i, "name": people[i]["full_name"] if reveal else "", "state": people[i]["state"],
                    "minor": people[i]["minor"], "elements": people[i]["element_types"],
                    "mentions": people[i]["mention_count"],
                    "answer": got.get(("person", i), {}).get("answer", "")}
                   for i in ids["person"] if i in people],
        "documents": [{**docs[i], "answer": got.get(("document", i), {}).get("answer", "")}
                      for i in ids["document"] if i in docs],
        "estimates": qc.estimates(con, size),
    }
