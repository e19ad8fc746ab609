"""The Python API: what the CLI (and any web layer) calls.

Every function takes explicit arguments (no global configuration) and returns
plain data. Raw values are returned only with ``reveal=True``.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError
from phiscope.readers.base import Limits, ReadContext
from phiscope.scan.runner import WorkerConfig, run
from phiscope.scan.writer import ScanStats, ScanWriter
from phiscope.sources.walk import InputFile, walk
from phiscope.stopwatch import cyclic_gc_paused
from phiscope.store import CaseStore
from phiscope.store.keys import load_key
from phiscope.store.tuning import DEFAULT_TUNING, StoreTuning

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScanOptions:
    """Options of a scan."""

    workers: int = 0  # 0 = all cores
    limits: Limits = field(default_factory=Limits)
    detectors: tuple[str, ...] | None = None  # None = all


@dataclass
class ScanResult:
    """What a scan did."""

    case_dir: Path
    run_id: int
    files: int
    total_bytes: int
    seconds: float
    stats: ScanStats

    @property
    def partial(self) -> bool:
        """True when some input could not be read (exit code 3)."""
        return self.stats.partial


def open_case(case_dir: str | Path, key_file: str | None = None, create: bool = False,
              env: dict[str, str] | None = None, tuning: StoreTuning = DEFAULT_TUNING) -> CaseStore:
    """Open (or create) a case with the key from ``PHISCOPE_KEY`` or ``key_file``."""
    key = load_key(env if env is not None else dict(os.environ), key_file)
    if create:
        return CaseStore.open_or_create(Path(case_dir), key, tuning=tuning)
    return CaseStore.open(Path(case_dir), key, tuning=tuning)


#: DuckDB's memory while people are resolved (the findings' sort, the mentions waiting in
#: ``people.spill``; Splink works in a session of its own): beyond it, encrypted temporary files
RESOLVE_TUNING = StoreTuning(memory_limit="1GB", scratch=True)
#: an evaluation sorts the truth and the findings by bucket of files: beyond this, on disk (encrypted)
EVAL_TUNING = StoreTuning(memory_limit="2GB")


def list_inputs(paths: Sequence[str]) -> list[InputFile]:
    """The files a scan of ``paths`` would read (raises UsageError for missing paths)."""
    if not paths:
        raise UsageError("give at least one file or directory to scan")
    return list(walk(paths))


def scan(paths: Sequence[str], case_dir: str | Path, *, key_file: str | None = None,
         options: ScanOptions | None = None, progress: Progress | None = None,
         on_start: Callable[[int, int], None] | None = None,
         env: dict[str, str] | None = None) -> ScanResult:
    """Scan files, directories and archives into the case at ``case_dir``."""
    opts = options or ScanOptions()
    files = list_inputs(paths)
    total = sum(f.size for f in files)
    if on_start:
        on_start(len(files), total)
    workers = opts.workers or os.cpu_count() or 1
    t0 = time.perf_counter()
    with open_case(case_dir, key_file, create=True, env=env) as store:
        run_id = store.start_run([str(p) for p in paths])
        tmp = Path(case_dir) / "tmp"
        tmp.mkdir(exist_ok=True)
        ctx = ReadContext(limits=opts.limits, tmp_dir=tempfile.mkdtemp(dir=tmp))
        cfg = WorkerConfig(ctx=ctx, done=frozenset(store.done_shas()), detector_ids=opts.detectors)
        writer = ScanWriter(store, run_id)
        writer.stats.files = len(files)
        run(files, writer, cfg, workers, progress)
        store.finish_run(run_id, status="done", counts=_run_counts(writer.stats))
        _rmtree_quiet(Path(ctx.tmp_dir or ""))
    return ScanResult(Path(case_dir), run_id, len(files), total, time.perf_counter() - t0, writer.stats)


def summary(case_dir: str | Path, *, key_file: str | None = None,
            env: dict[str, str] | None = None) -> dict[str, Any]:
    """Counts of documents, findings per element, errors per kind, runs."""
    with open_case(case_dir, key_file, env=env) as store:
        return store.summary()


def findings(case_dir: str | Path, *, key_file: str | None = None, element: str | None = None,
             detector: str | None = None, min_confidence: float | None = None, reveal: bool = False,
             env: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Findings with masked previews (raw values only with ``reveal``)."""
    with open_case(case_dir, key_file, env=env) as store:
        yield from store.iter_findings(element=element, detector=detector,
                                       min_confidence=min_confidence, reveal=reveal)


def document_paths(case_dir: str | Path, *, key_file: str | None = None,
                   env: dict[str, str] | None = None) -> dict[str, list[str]]:
    """SHA-256 of each document -> every path that held that content."""
    with open_case(case_dir, key_file, env=env) as store:
        return store.document_paths()


def errors(case_dir: str | Path, *, key_file: str | None = None,
           env: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Typed error records of inputs that could not be read completely."""
    with open_case(case_dir, key_file, env=env) as store:
        yield from store.iter_errors()


def simulate(out_dir: str | Path, patients: int, seed: int,
             formats: Sequence[str] | None = None) -> dict[str, Any]:
    """Write a synthetic breach corpus with ground truth (see phiscope.simulate); ``formats`` limits
    the format groups written (``phiscope.simulate.corpus.FORMATS``; None = all)."""
    from phiscope.simulate.corpus import default_truth_dir, default_truth_path, generate

    out = Path(out_dir)
    truth = generate(out, patients=patients, seed=seed, formats=list(formats) if formats else None)
    return {"out": str(out), "truth": str(default_truth_path(out)), "truth_dir": str(default_truth_dir(out)),
            "files": len(truth.files),
            "people": len(truth.persons()), "values": len(truth.records),
            "by_element": truth.count_by_element()}


def evaluate(truth: str | Path, case_dir: str | Path, *, truth_kind: str = "auto",
             key_file: str | None = None, env: dict[str, str] | None = None,
             progress: Progress | None = None, workers: int | None = None) -> dict[str, Any]:
    """Score the case against a truth folder or an external labelled corpus (see phiscope.eval).

    Returns a JSON-ready report (no raw values): elements, labels, documents, people.
    ``progress(done, total)``: occurrences and findings scored, after each bucket of files.
    ``workers``: processes scoring a large simulated corpus (default: all cores; spawned, so a
    script calling this needs the ``if __name__ == "__main__":`` guard).
    """
    from phiscope.eval.stream import evaluate_store

    if truth_kind == "auto":  # `phiscope run --truth` stored this evaluation: reuse it if nothing changed
        stored = _stored_evaluation(truth, case_dir, key_file, env)
        if stored is not None:
            return stored
    # a bucket's truth records and findings alive at once: no cyclic collection meanwhile
    with cyclic_gc_paused(), open_case(case_dir, key_file, env=env, tuning=EVAL_TUNING) as store:
        return evaluate_store(truth, truth_kind, store, progress=progress,
                              workers=workers or os.cpu_count() or 1)


def export_truth_corpus(truth: str | Path, out_dir: str | Path, *,
                        truth_kind: str = "auto") -> dict[str, Any]:
    """Write an external labelled corpus's texts as files (one per record) to scan, then evaluate."""
    from phiscope.eval.adapters import adapter_for

    src = Path(truth)
    if not src.exists():
        raise UsageError(f"truth not found: {src}")
    adapter = adapter_for(src, truth_kind)
    return {"kind": adapter.kind, "out": str(out_dir), "files": adapter.export_texts(src, Path(out_dir))}


def _stored_evaluation(truth: str | Path, case_dir: str | Path, key_file: str | None,
                       env: dict[str, str] | None) -> dict[str, Any] | None:
    """The evaluation the pipeline stored for this truth folder, when the case and the truth are as
    they were then (same fingerprint), else None."""
    from phiscope.pipeline.records import read_records
    from phiscope.pipeline.steps import evaluation_fingerprint

    with open_case(case_dir, key_file, env=env) as store:
        rec = read_records(store).get("evaluate")
        if rec is None or not rec.result or rec.fingerprint != evaluation_fingerprint(truth, store):
            return None
        return rec.result


def resolve_people(case_dir: str | Path, *, key_file: str | None = None, auto_merge: float | None = None,
                   review: float | None = None, notice_date: str | None = None, workers: int = 0,
                   env: dict[str, str] | None = None, engine: str = "duckdb") -> dict[str, Any]:
    """Resolve the case's findings into people (replaces any earlier resolution); counts and timing.

    ``engine``: where Splink's matching runs, ``duckdb`` or ``spark`` (``people.engines``).

    On a large case the mentions are built and the clustering runs in ``workers`` processes (0: one
    per core) started by ``spawn``, so a script that calls this must guard its entry point with
    ``if __name__ == "__main__":``."""
    from phiscope.people.cluster import Thresholds
    from phiscope.people.engines import check_engine
    from phiscope.people.linkage import LinkageOptions
    from phiscope.people.resolve import ResolveOptions, resolve_store

    problem = check_engine(engine)
    if problem:
        raise UsageError(problem)
    d = Thresholds()
    t = Thresholds(auto_merge if auto_merge is not None else d.auto_merge,
                   review if review is not None else d.review)
    if not 0 < t.review <= t.auto_merge <= 1:
        raise UsageError("thresholds must satisfy 0 < review <= auto-merge <= 1")
    if workers < 0:
        raise UsageError("--workers must be 0 (all cores) or more")
    opts = ResolveOptions(thresholds=t, linkage=LinkageOptions(engine=engine),
                          notice_date=_iso_date(notice_date), workers=workers)
    with open_case(case_dir, key_file, env=env, tuning=RESOLVE_TUNING) as store:
        return resolve_store(store, opts)


def people(case_dir: str | Path, *, key_file: str | None = None, reveal: bool = False,
           resolve: bool = True, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Resolved people (masked unless ``reveal``); resolves first when the case never was or its
    findings changed since (unless ``resolve`` is false)."""
    with open_case(case_dir, key_file, env=env) as store:
        last = store.people_run()
        if resolve and (last is None or last["findings"] != store.finding_count()):
            from phiscope.people.resolve import resolve_store

            resolve_store(store)
        return list(store.iter_people(reveal=reveal))


def explain(case_dir: str | Path, person_id: str, *, key_file: str | None = None, reveal: bool = False,
            env: dict[str, str] | None = None) -> dict[str, Any]:
    """Why a person is one person: its mentions, the scored links with per-field match weights, and
    where each exposed element was found (masked previews)."""
    with open_case(case_dir, key_file, env=env) as store:
        found = list(store.iter_people(reveal=reveal, person_id=person_id))
        if not found:
            raise UsageError(f"no person {person_id} in this case; list them with: phiscope people --case "
                             f"{case_dir}")
        return {"person": found[0], "mentions": store.person_mentions(person_id),
                "links": store.person_links(person_id), "evidence": store.person_evidence(person_id)}


def _iso_date(text: str | None) -> Any:
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise UsageError(f"--notice-date must be YYYY-MM-DD, got {text!r}") from e


def _run_counts(stats: ScanStats) -> dict[str, int]:
    return {
        "files": stats.files, "documents": stats.documents, "skipped_known": stats.skipped_known,
        "duplicates": stats.duplicates, "findings": stats.findings, "errors": stats.errors,
        "failed_documents": stats.failed_documents, "bytes": stats.bytes,
    }


def _rmtree_quiet(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def obligations(incident_path: str | Path, *, case_dir: str | Path | None = None,
                people_file: str | Path | None = None, key_file: str | None = None,
                env: dict[str, str] | None = None) -> Any:
    """Notification duties (phiscope.obligations.engine.Evaluation) for the incident and its people.

    People come from ``people_file`` (CSV/JSON, see phiscope.obligations.people_file) or from the
    case's resolved people. Decision support, not legal advice.
    """
    return _obligation_inputs(incident_path, case_dir, people_file, key_file, env)[0]


def obligations_explain(incident_path: str | Path, person_id: str, *, case_dir: str | Path | None = None,
                        people_file: str | Path | None = None, key_file: str | None = None,
                        env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rule by rule, with citations, why one person is owed what."""
    from phiscope.obligations.explain import explain as explain_person

    ev, by_id = _obligation_inputs(incident_path, case_dir, people_file, key_file, env)
    if person_id not in by_id:
        raise UsageError(f"no person {person_id!r} among the {len(by_id)} people given")
    return explain_person(ev, by_id[person_id])


def _obligation_inputs(incident_path: str | Path, case_dir: str | Path | None,
                       people_file: str | Path | None, key_file: str | None,
                       env: dict[str, str] | None) -> tuple[Any, dict[str, Any]]:
    from phiscope.obligations.elements import load_element_map
    from phiscope.obligations.engine import evaluate as evaluate_obligations
    from phiscope.obligations.incident import load_incident
    from phiscope.obligations.people_file import from_case_people, read_people

    incident = load_incident(incident_path)
    emap = load_element_map()
    if people_file is not None:
        groups, by_id = read_people(people_file, emap)
    elif case_dir is not None:
        groups, by_id = from_case_people(people(case_dir, key_file=key_file, env=env), emap)
    else:
        raise UsageError("give --case DIR (resolved people) or --people FILE (CSV/JSON of per-person facts)")
    if not groups:
        raise UsageError("no people to evaluate; run `phiscope resolve --case DIR` or give --people FILE")
    return evaluate_obligations(incident, groups, emap=emap), by_id


def notices(incident_path: str | Path, case_dir: str | Path, out_dir: str | Path, *,
            people_file: str | Path | None = None, key_file: str | None = None, batch_size: int = 1000,
            workers: int = 0, templates: str | Path | None = None, codes: str | Path | None = None,
            per_person: bool = False, duplex: bool = False, corrections: Sequence[str] = (),
            language: str = "en", filings: bool = True, progress: Progress | None = None,
            env: dict[str, str] | None = None) -> dict[str, Any]:
    """Letters, mail file, manifest and filings for everyone owed notice and not yet notified (one
    rolling mailing, recorded in the case). People come from ``people_file`` or the case. Returns
    counts and paths only."""
    from phiscope.notices.callcenter import LOOKUP_LABEL
    from phiscope.notices.config import load_letter_config
    from phiscope.notices.ledger import Ledger
    from phiscope.notices.recipients import from_people_rows, read_recipients
    from phiscope.notices.run import NoticeOptions, run_notices
    from phiscope.obligations.incident import load_incident

    if batch_size < 1:
        raise UsageError("--batch must be at least 1")
    inc, cfg = load_incident(incident_path), load_letter_config(incident_path)
    if people_file is not None:
        recips = read_recipients(people_file, language)
    else:
        recips = from_people_rows(people(case_dir, key_file=key_file, reveal=True, env=env), language)
    opts = NoticeOptions(Path(out_dir), batch_size, workers, Path(templates) if templates else None,
                         Path(codes) if codes else None, per_person, duplex, tuple(corrections), filings)
    with open_case(case_dir, key_file, env=env) as store:
        key = bytes.fromhex(store.value_hmac(LOOKUP_LABEL))
        return run_notices(Ledger(store.notices_connection()), recips, inc, cfg, opts, key, progress)


def notices_verify(out_dir: str | Path, workers: int = 0) -> dict[str, Any]:
    """Read back every batch PDF under ``out_dir`` and check each page against the manifest."""
    from phiscope.notices.verify import verify_out

    if not Path(out_dir).is_dir():
        raise UsageError(f"no notices output at {out_dir}; generate it with: phiscope notices --out DIR")
    return verify_out(Path(out_dir), workers)


# issue 5: reviewing uncertain pairs of people resolution
from phiscope.api_review import review_decide as review_decide  # noqa: E402
from phiscope.api_review import review_import as review_import  # noqa: E402
from phiscope.api_review import review_queue as review_queue  # noqa: E402
from phiscope.api_review import review_session as review_session  # noqa: E402

# issue 8: one command for the whole response, the case report and its QC sample
from phiscope.api_run import RunOptions as RunOptions  # noqa: E402
from phiscope.api_run import qc_record as qc_record  # noqa: E402
from phiscope.api_run import qc_sample as qc_sample  # noqa: E402
from phiscope.api_run import report as report  # noqa: E402
from phiscope.api_run import run_case as run_case  # noqa: E402

# issue 9: audit-log monitoring
from phiscope.api_watch import watch_eval as watch_eval  # noqa: E402
from phiscope.api_watch import watch_replay as watch_replay  # noqa: E402
from phiscope.api_watch import watch_run as watch_run  # noqa: E402
from phiscope.api_watch import watch_simulate as watch_simulate  # noqa: E402
