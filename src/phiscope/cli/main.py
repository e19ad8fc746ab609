"""``phiscope`` command line: data on stdout, progress and messages on stderr.

Exit codes: 0 ok, 2 usage or configuration error, 3 finished but some inputs
could not be read (see ``phiscope errors``), 1 internal error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import ClickException  # typer vendors click

from phiscope import api
from phiscope.cli.output import Format, render
from phiscope.cli.progress import count_progress, scan_progress
from phiscope.cli.review import report_id_changes
from phiscope.errors import PhiscopeError
from phiscope.errors import UsageError as PhiscopeUsageError

EXIT_PARTIAL = 3

app = typer.Typer(
    name="phiscope", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Find PHI/PII in compromised files, fast and offline, into an encrypted case.",
)

CaseOpt = Annotated[Path, typer.Option("--case", "-c", help="Case directory (created by scan).")]
KeyOpt = Annotated[Path | None, typer.Option(
    "--key-file", help="File holding the case key (default: the PHISCOPE_KEY environment variable).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or archives to scan.")],
    case: CaseOpt,
    key_file: KeyOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (0 = all cores).")] = 0,
    fmt: FormatOpt = Format.TABLE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Scan PATH... into the case directory; re-running resumes and adds nothing twice."""
    opts = api.ScanOptions(workers=workers)
    with scan_progress(enabled=not quiet) as bar:
        result = api.scan(paths, case, key_file=_s(key_file), options=opts,
                          progress=bar.update, on_start=bar.start)
    s = result.stats
    rows = [{
        "files": result.files, "documents": s.documents, "already_scanned": s.skipped_known,
        "duplicates": s.duplicates, "findings": s.findings, "errors": s.errors,
        "seconds": round(result.seconds, 2),
        "MB/s": round(result.total_bytes / 1e6 / max(result.seconds, 1e-9), 1),
    }]
    render(rows, fmt, title="scan")
    if result.partial:
        _err(f"{s.errors} input problem(s) recorded; some content was not read. "
             f"See: phiscope errors --case {case}")
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def summary(case: CaseOpt, key_file: KeyOpt = None, fmt: FormatOpt = Format.TABLE) -> None:
    """What the case holds: findings per element, documents, errors."""
    data = api.summary(case, key_file=_s(key_file))
    if fmt is Format.JSON:
        render([data], fmt)
        return
    if fmt is not Format.TABLE:  # one flat list for machine formats: findings per element
        render(data.get("findings", []), fmt)
        return
    render(data.get("findings", []), fmt, title="findings by element")
    render(data.get("documents", []), fmt, title="documents by reader")
    if data.get("errors"):
        render(data["errors"], fmt, title="errors by kind")


FINDING_COLUMNS = ["element", "preview", "confidence", "validation", "path", "page", "sheet", "row",
                   "column", "json_path", "mime_part", "line", "offset", "detector_id", "flags"]


@app.command()
def findings(
    case: CaseOpt,
    key_file: KeyOpt = None,
    fmt: FormatOpt = Format.TABLE,
    element: Annotated[str | None, typer.Option(help="Only this element (e.g. ssn).")] = None,
    detector: Annotated[str | None, typer.Option(help="Only this detector id.")] = None,
    min_confidence: Annotated[float | None, typer.Option(help="Only findings at least this sure.")] = None,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show raw values (PHI!).")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
) -> None:
    """List findings with masked previews and exact locations."""
    rows = api.findings(case, key_file=_s(key_file), element=element, detector=detector,
                        min_confidence=min_confidence, reveal=reveal)
    if fmt is Format.TABLE:
        cols = ["element", *(["value"] if reveal else []), "preview", "confidence", "validation",
                "where", "detector_id"]
        rows = ({**r, "where": describe_location(r)} for r in rows)
    else:
        cols = (["value"] if reveal else []) + FINDING_COLUMNS
    render(_limit(rows, limit), fmt, columns=cols, title="findings")


@app.command()
def errors(case: CaseOpt, key_file: KeyOpt = None, fmt: FormatOpt = Format.TABLE) -> None:
    """List inputs that could not be read completely, with the reason."""
    render(api.errors(case, key_file=_s(key_file)), fmt, title="errors")


@app.command()
def simulate(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the corpus into.")],
    patients: Annotated[int, typer.Option(help="Number of synthetic patients.")] = 200,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 1,
    formats: Annotated[str | None, typer.Option(
        "--formats", help="Comma-separated format groups to write (default all): csv, xlsx, pdf, docx, "
        "txt, email, json, archives, hl7, fhir, x12, ccda, sql, dicom, tables.")] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Write a synthetic breach corpus with known values (ground truth beside it)."""
    groups = [g.strip() for g in formats.split(",") if g.strip()] if formats else None
    info = api.simulate(out, patients=patients, seed=seed, formats=groups)
    if fmt is Format.TABLE:
        rows = [{"element": k, "values": v} for k, v in info.pop("by_element").items()]
        _err(f"wrote {info['files']} files about {info['people']} people to {info['out']}; "
             f"ground truth: {info['truth']}")
        render(rows, fmt, title="inserted values")
    else:
        render([info], fmt)


@app.command("eval")
def eval_(
    truth: Annotated[Path, typer.Option(
        "--truth", "-t", help="Truth folder written beside a simulated corpus (<corpus>.truth/), or an "
        "external labelled corpus folder (presidio_synth_v2, physionet_deid_gold, meddocan_brat).")],
    case: Annotated[Path | None, typer.Option("--case", "-c", help="Case directory to score.")] = None,
    truth_format: Annotated[str, typer.Option(
        "--truth-format",
        help="auto, simulator, presidio_synth_v2, physionet_deid_gold or meddocan_brat.")] = "auto",
    export_corpus: Annotated[Path | None, typer.Option(
        "--export-corpus", help="Write an external corpus's texts here (one file per record) to scan, "
        "instead of scoring.")] = None,
    key_file: KeyOpt = None,
    fmt: FormatOpt = Format.TABLE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", help="Worker processes scoring a large simulated corpus (0 = all cores).")] = 0,
) -> None:
    """Score a case against ground truth: recall/precision per element, documents, people."""
    if export_corpus is not None:
        info = api.export_truth_corpus(truth, export_corpus, truth_kind=truth_format)
        _err(f"wrote {info['files']} {info['kind']} texts to {info['out']}; next: phiscope scan "
             f"{info['out']} --case CASE, then phiscope eval --truth {truth} --case CASE")
        render([info], fmt)
        return
    if case is None:
        raise PhiscopeUsageError("give --case CASE to score (or --export-corpus DIR to write the texts)")
    with count_progress(not quiet, "scoring occurrences and findings") as update:
        report = api.evaluate(truth, case, truth_kind=truth_format, key_file=_s(key_file), progress=update,
                              workers=workers or None)
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    if fmt is not Format.TABLE:  # one flat list for machine formats: the element rows
        render(report["elements"], fmt)
        return
    from phiscope.eval.report import headline, sections

    _err(headline(report))
    for title, rows, columns in sections(report):
        render(rows, fmt, columns=columns, title=title)


PEOPLE_COLUMNS = ["person_id", "full_name", "dob", "minor", "state", "address", "phones", "emails",
                  "mention_count", "review_links", "element_types"]


@app.command()
def resolve(
    case: CaseOpt,
    key_file: KeyOpt = None,
    auto_merge: Annotated[float | None, typer.Option(
        "--auto-merge", help="Match probability at or above which mentions merge (default 0.95).")] = None,
    review: Annotated[float | None, typer.Option(
        "--review", help="Match probability at or above which a pair is kept for review (default 0.5).",
    )] = None,
    notice_date: Annotated[str | None, typer.Option(
        "--notice-date", help="Date of the notice, YYYY-MM-DD, for the minor flag (default today).")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", help="Worker processes building mentions and clustering on a large case "
        "(0 = all cores).")] = 0,
    engine: Annotated[str, typer.Option(
        "--engine", help="Where Splink matches: duckdb (default) or spark (needs pip install "
        "'phiscope[spark]' and Java).")] = "duckdb",
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Resolve the case's findings into people (Splink); replaces any earlier resolution."""
    info = api.resolve_people(case, key_file=_s(key_file), auto_merge=auto_merge, review=review,
                              notice_date=notice_date, workers=workers, engine=engine)
    info.pop("settings", None)
    if fmt == "table":
        info["key_joins"] = "; ".join(f"{j['from']} -> {j['to']} ({j['rows']} rows)"
                                      for j in info["key_joins"])
    report_id_changes(info, fmt)  # people already notified who lost their id (issue 5)
    render([info], fmt, title="people resolution")


@app.command()
def people(
    case: CaseOpt,
    key_file: KeyOpt = None,
    fmt: FormatOpt = Format.TABLE,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show raw values (PHI!).")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
) -> None:
    """List the people the case exposes, deduplicated (resolves first when findings changed)."""
    rows = api.people(case, key_file=_s(key_file), reveal=reveal)
    if fmt is not Format.JSON:
        rows = [{k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
    render(_limit(iter(rows), limit), fmt, columns=PEOPLE_COLUMNS, title="people")


@app.command()
def explain(
    person_id: Annotated[str, typer.Argument(help="A person id from `phiscope people`.")],
    case: CaseOpt,
    key_file: KeyOpt = None,
    fmt: FormatOpt = Format.TABLE,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show raw values (PHI!).")] = False,
) -> None:
    """Show which mentions were merged into a person and the per-field match weights behind it."""
    data = api.explain(case, person_id, key_file=_s(key_file), reveal=reveal)
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
        return
    render(data["mentions"], fmt, title=f"mentions of {person_id}")
    links = [{**{k: v for k, v in link.items() if k != "field_weights"},
              "weights": " ".join(f"{k}={v:+.1f}" for k, v in link["field_weights"].items() if v)}
             for link in data["links"]]
    render(links, fmt, title="scored pairs (match weights per field)")
    evidence = [{**e, "where": describe_location(e)} for e in data["evidence"]]
    render(evidence, fmt, columns=["element", "preview", "detector_id", "where"], title="evidence")


def describe_location(r: dict[str, Any]) -> str:
    """A compact location: ``path p2 sheet=Bills r4 [SSN] $.a.b part 1.2 line 3 @140``."""
    parts = [str(r.get("path", ""))]
    for key, fmt_ in (("page", "p{}"), ("sheet", "sheet={}"), ("row", "r{}"), ("column", "[{}]"),
                      ("json_path", "{}"), ("mime_part", "part {}")):
        if r.get(key) not in (None, ""):
            parts.append(fmt_.format(r[key]))
    if r.get("line") is not None:
        parts.append(f"line {r['line']} @{r.get('offset') or 0}")
    elif r.get("row") is None and r.get("offset") is not None:
        parts.append(f"@{r['offset']}")
    return " ".join(parts)


def _limit(rows: Any, limit: int | None) -> Any:
    for i, r in enumerate(rows):
        if limit is not None and i >= limit:
            return
        yield r


def _s(p: Path | None) -> str | None:
    return str(p) if p is not None else None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every failure into a message and an exit code."""
    try:
        rc = app(args=argv, standalone_mode=False)  # click returns Exit codes in this mode
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except PhiscopeError as e:
        _err(f"error: {e}")
        sys.exit(e.exit_code)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _err("interrupted; run the same command again to resume")
        sys.exit(130)
    except Exception as e:  # click usage errors and anything unexpected
        if isinstance(e, ClickException):
            e.show()
            sys.exit(e.exit_code)
        if os.environ.get("PHISCOPE_DEBUG"):
            raise
        _err(f"internal error ({type(e).__name__}); set PHISCOPE_DEBUG=1 for details")
        sys.exit(1)
    sys.exit(0)


__import__("phiscope.cli.obligations", fromlist=["register"]).register(app)  # obligations, incident
__import__("phiscope.cli.notices", fromlist=["register"]).register(app)  # notices, notices verify
__import__("phiscope.cli.watch", fromlist=["register"]).register(app)  # watch run/replay/simulate/eval
__import__("phiscope.cli.run", fromlist=["register"]).register(app)  # run (issue 8)
__import__("phiscope.cli.report", fromlist=["register"]).register(app)  # report, qc sample/record
__import__("phiscope.cli.review", fromlist=["register"]).register(app)  # review (issue 5)
