"""The API of ``phiscope run``, ``phiscope report`` and ``phiscope qc`` (re-exported by phiscope.api).

Every function takes explicit arguments and returns plain data without personal values (the QC
sample carries names only with ``reveal``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError
from phiscope.pipeline.options import RunOptions, RunReporter, RunResult
from phiscope.report.qc import ANSWERS, QcSize

__all__ = ["RunOptions", "RunReporter", "RunResult", "qc_record", "qc_sample", "report", "run_case"]


def run_case(options: RunOptions, reporter: RunReporter | None = None) -> RunResult:
    """Scan, people, obligations, notices (evaluate) and report in order; each stage is skipped when
    its inputs and settings are those of its last finished run in the case."""
    from phiscope.pipeline.run import run_pipeline

    if not options.paths:
        raise UsageError("give at least one file or directory to scan")
    if not Path(options.incident).is_file():
        raise UsageError(f"incident file not found: {options.incident} (create one with: phiscope "
                         f"incident init {options.incident})")
    bad = [s for s in options.force if s not in ("scan", "people", "obligations", "notices", "evaluate",
                                                 "report")]
    if bad:
        raise UsageError(f"--redo takes stage names (scan, people, obligations, notices, evaluate, report), "
                         f"not {', '.join(bad)}")
    return run_pipeline(options, reporter)


def report(case_dir: str | Path, *, out_dir: str | Path | None = None, key_file: str | None = None,
           pdf: bool = True, reveal: bool = False, qc_seed: int = 1, qc_people: int = 30,
           qc_documents: int = 30, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Write ``report.html`` (self-contained) and ``report.pdf`` for the case; returns their paths."""
    from phiscope.api import open_case
    from phiscope.report.data import collect
    from phiscope.report.html import charts, render_html
    from phiscope.report.pdf import html_to_pdf, typst_pdf

    out = Path(out_dir) if out_dir is not None else Path(case_dir) / "report"
    with open_case(case_dir, key_file, env=env) as store:
        data = collect(store, QcSize(qc_people, qc_documents, qc_seed), reveal=reveal)
    out.mkdir(parents=True, exist_ok=True)
    stem = "report-revealed" if reveal else "report"
    html = out / f"{stem}.html"
    html.write_text(render_html(data), encoding="utf-8")
    info: dict[str, Any] = {"html": str(html), "pdf": "", "pdf_engine": ""}
    if pdf:
        target = out / f"{stem}.pdf"
        if html_to_pdf(html, target):
            info.update(pdf=str(target), pdf_engine="chromium")
        else:
            typst_pdf(data, {k: str(v) for k, v in charts(data).items()}, target)
            info.update(pdf=str(target), pdf_engine="typst")
    info.update(people=data["people"]["people"], findings=sum(int(f["findings"]) for f in data["findings"]))
    return info


def qc_sample(case_dir: str | Path, *, key_file: str | None = None, seed: int = 1, people: int = 30,
              documents: int = 30, reveal: bool = False,
              env: dict[str, str] | None = None) -> dict[str, Any]:
    """The QC sample (people, "no PHI" documents) with any answers recorded, and the estimates."""
    from phiscope.api import open_case
    from phiscope.pipeline.records import connection
    from phiscope.report.data import collect_qc

    with open_case(case_dir, key_file, env=env) as store:
        return collect_qc(store, connection(store), QcSize(people, documents, seed), reveal)


def qc_record(case_dir: str | Path, answers: Sequence[tuple[str, str]], *, key_file: str | None = None,
              reviewer: str = "", note: str = "", seed: int = 1, people: int = 30, documents: int = 30,
              env: dict[str, str] | None = None) -> dict[str, Any]:
    """Record reviewers' answers (item id, answer) and return the updated estimates."""
    from phiscope.api import open_case
    from phiscope.pipeline.records import connection
    from phiscope.report import qc

    with open_case(case_dir, key_file, env=env) as store:
        con = connection(store)
        for item, answer in answers:
            kind = next((k for k, allowed in ANSWERS.items() if answer in allowed), "")
            if not kind:
                raise UsageError(f"unknown answer {answer!r}: a person is {' | '.join(ANSWERS['person'])}; "
                                 f"a document is {' | '.join(ANSWERS['document'])}")
            qc.record(con, kind, item, answer, reviewer, note)
        return qc.estimates(con, QcSize(people, documents, seed))
