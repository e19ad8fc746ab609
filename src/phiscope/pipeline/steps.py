"""Each stage of ``phiscope run``: the fingerprint of what it reads and the work it does.

A fingerprint function gets the open case (None before the case exists); a work function calls
the public API and returns JSON-ready counts (never a personal value).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from phiscope.pipeline.fingerprint import (
    digest,
    file_hash,
    findings_state,
    inputs_state,
    people_state,
    qc_state,
)
from phiscope.pipeline.options import RunOptions, StageOutcome
from phiscope.pipeline.records import StageRecord, connection, read_records
from phiscope.store import CaseStore

Progress = Callable[[int, int], None]
Fingerprint = Callable[[RunOptions, CaseStore | None], str]
Work = Callable[[RunOptions, Progress], dict[str, Any]]


def has_letters(incident: Path) -> bool:
    """Whether incident.toml has a ``[letters]`` section (the notices stage needs one)."""
    try:
        return "letters" in tomllib.loads(Path(incident).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False  # the obligations stage reports the problem with the file


def still_valid(stage: str, record: StageRecord, store: CaseStore) -> bool:
    """A people record is stale when someone resolved again since (``phiscope resolve``)."""
    if stage == "people":
        return bool(record.result.get("resolved_at") == people_state(connection(store)).get("resolved_at"))
    return True


def _state(store: CaseStore | None, fn: Callable[[Any], Any]) -> Any:
    return fn(connection(store)) if store is not None else None


# -- scan ------------------------------------------------------------------------------------------

def scan_fp(opts: RunOptions, store: CaseStore | None) -> str:
    from phiscope.api import list_inputs

    return digest("scan", inputs_state(list_inputs(opts.paths)))


def scan_work(opts: RunOptions, progress: Progress) -> dict[str, Any]:
    from phiscope.api import ScanOptions, scan

    size = [0]  # bytes to scan, known once the inputs are listed

    def start(files: int, nbytes: int) -> None:
        size[0] = nbytes

    res = scan(opts.paths, opts.case_dir, key_file=opts.key_file, options=ScanOptions(workers=opts.workers),
               progress=lambda files, done: progress(done, size[0]), on_start=start, env=opts.env)
    s = res.stats
    return {"files": res.files, "bytes": res.total_bytes, "documents": s.documents,
            "already_scanned": s.skipped_known, "duplicates": s.duplicates, "findings": s.findings,
            "errors": s.errors, "failed_documents": s.failed_documents, "run_id": res.run_id}


# -- people ----------------------------------------------------------------------------------------

def people_fp(opts: RunOptions, store: CaseStore | None) -> str:
    return digest("people", _state(store, findings_state), opts.auto_merge, opts.review, opts.notice_date)


def people_work(opts: RunOptions, progress: Progress) -> dict[str, Any]:
    from phiscope.api import open_case, resolve_people

    info = resolve_people(opts.case_dir, key_file=opts.key_file, auto_merge=opts.auto_merge,
                          review=opts.review, notice_date=opts.notice_date, env=opts.env)
    info.pop("settings", None)
    with open_case(opts.case_dir, opts.key_file, env=opts.env) as store:
        info["resolved_at"] = people_state(connection(store)).get("resolved_at")
        info.update(people_counts(store))
    return info


def people_counts(store: CaseStore) -> dict[str, int]:
    """People, minors, deceased and people without a usable mailing address."""
    row = connection(store).execute(
        "SELECT count(*), count(*) FILTER (WHERE minor), count(*) FILTER (WHERE deceased), "
        "count(*) FILTER (WHERE coalesce(trim(address), '') = '') FROM people").fetchone()
    keys = ("people", "minors", "deceased", "no_address")
    return dict(zip(keys, (int(x) for x in row), strict=True)) if row else dict.fromkeys(keys, 0)


# -- obligations -----------------------------------------------------------------------------------

def obligations_fp(opts: RunOptions, store: CaseStore | None) -> str:
    return digest("obligations", _state(store, people_state), file_hash(opts.incident))


def obligations_work(opts: RunOptions, progress: Progress) -> dict[str, Any]:
    from phiscope.api import obligations

    ev = obligations(opts.incident, case_dir=opts.case_dir, key_file=opts.key_file, env=opts.env)
    rows = [n.row() for n in ev.notices]
    return {"people": sum(r.group.count for r in ev.results), "obligations": rows,
            "calendar": ev.calendar(), "banner": ev.banner(), "unverified_rules": len(ev.unverified()),
            "discovered": ev.incident.discovered.isoformat(), "entity": ev.incident.entity_name}


# -- notices ---------------------------------------------------------------------------------------

def notices_fp(opts: RunOptions, store: CaseStore | None) -> str:
    return digest("notices", _state(store, people_state), file_hash(opts.incident), file_hash(opts.codes),
                  file_hash(opts.templates), opts.batch_size, opts.language, str(opts.notices_dir))


def notices_work(opts: RunOptions, progress: Progress) -> dict[str, Any]:
    from phiscope.api import notices

    info = notices(opts.incident, opts.case_dir, opts.notices_dir, key_file=opts.key_file,
                   batch_size=opts.batch_size, workers=opts.workers, templates=opts.templates,
                   codes=opts.codes, language=opts.language, progress=progress, env=opts.env)
    info["filings"] = (info.get("filings") or {}).get("folder", "")
    return info


# -- evaluate (a simulated corpus's truth folder) --------------------------------------------------

def evaluate_fp(opts: RunOptions, store: CaseStore | None) -> str:
    return evaluation_fingerprint(opts.truth, store)


def evaluation_fingerprint(truth: str | Path | None, store: CaseStore | None) -> str:
    """What an evaluation depends on: the case's findings and people, and the truth folder's files
    (``phiscope eval`` reuses the evaluation ``phiscope run`` stored when this is unchanged)."""
    from phiscope.pipeline.fingerprint import tree_state

    return digest("evaluate", _state(store, findings_state), _state(store, people_state), tree_state(truth))


def evaluate_work(opts: RunOptions, progress: Progress) -> dict[str, Any]:
    from phiscope.api import evaluate

    assert opts.truth is not None  # the stage is off without a truth folder
    report: dict[str, Any] = evaluate(opts.truth, opts.case_dir, key_file=opts.key_file, env=opts.env)
    return report


# -- report ----------------------------------------------------------------------------------------

def report_fp(opts: RunOptions, store: CaseStore | None) -> str:
    if store is None:
        return digest("report")
    recs = {k: v.fingerprint for k, v in read_records(store).items() if k != "report"}
    return digest("report", recs, qc_state(connection(store)), str(opts.report_dir), opts.pdf, opts.qc_seed)


def report_work(opts: RunOptions, progress: Progress) -> dict[str, Any]:
    from phiscope.api_run import report

    return report(opts.case_dir, out_dir=opts.report_dir, key_file=opts.key_file, pdf=opts.pdf,
                  qc_seed=opts.qc_seed, env=opts.env)


STAGES: Mapping[str, tuple[Fingerprint, Work]] = {
    "scan": (scan_fp, scan_work), "people": (people_fp, people_work),
    "obligations": (obligations_fp, obligations_work), "notices": (notices_fp, notices_work),
    "evaluate": (evaluate_fp, evaluate_work), "report": (report_fp, report_work),
}


def headline(store: CaseStore, outcomes: list[StageOutcome]) -> dict[str, Any]:
    """The numbers the final summary shows (counts only)."""
    by = {o.stage: o.result for o in outcomes}
    scan, obl, notes = by.get("scan", {}), by.get("obligations", {}), by.get("notices", {})
    dated = [c["date"] for c in obl.get("calendar", []) if c.get("day") not in ("", 0)]
    documents = sum(int(d["documents"]) for d in store.summary()["documents"])
    return {
        "files": scan.get("files"), "documents": documents,
        "findings": store.finding_count(), "input_problems": scan.get("errors", 0),
        **people_counts(store),
        "obligations": len(obl.get("obligations", [])), "first_deadline": min(dated) if dated else "",
        "letters": notes.get("letters", ""), "report": by.get("report", {}).get("html", ""),
    }
