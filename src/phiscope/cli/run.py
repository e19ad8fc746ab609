"""``phiscope run``: the whole response in one command (registered from cli/main.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from phiscope import api
from phiscope.cli.output import Format, render
from phiscope.pipeline.display import RunDisplay, describe

EXIT_PARTIAL = 3


def run(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or archives the attacker took.")],
    case: Annotated[Path, typer.Option("--case", "-c", help="Case directory (created if missing).")],
    incident: Annotated[Path, typer.Option("--incident", "-i", help="incident.toml (incident init).")],
    key_file: Annotated[Path | None, typer.Option("--key-file", help="File holding the case key.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes (0 = all cores).")] = 0,
    notices_out: Annotated[Path | None, typer.Option(
        "--notices-out", help="Where letters and filings go (default CASE/notices).")] = None,
    codes: Annotated[Path | None, typer.Option("--codes", help="Vendor CSV of enrollment codes.")] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="Letter templates folder.")] = None,
    no_notices: Annotated[bool, typer.Option("--no-notices", help="Stop before the letters.")] = False,
    truth: Annotated[Path | None, typer.Option(
        "--truth", help="Truth folder of a simulated corpus: adds accuracy figures to the report.")] = None,
    report_out: Annotated[Path | None, typer.Option(
        "--report-out", help="Where report.html and report.pdf go (default CASE/report).")] = None,
    no_report: Annotated[bool, typer.Option("--no-report", help="Do not write the report.")] = False,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="HTML report only.")] = False,
    redo: Annotated[list[str] | None, typer.Option(
        "--redo", help="Redo this stage even if unchanged (repeatable).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
) -> None:
    """Scan, people, obligations, notices and the report in one go; a re-run redoes only what changed."""
    opts = api.RunOptions(
        paths=tuple(paths), case_dir=case, incident=incident, key_file=str(key_file) if key_file else None,
        workers=workers, notices=not no_notices, notices_out=notices_out, codes=codes, templates=templates,
        truth=truth, report=not no_report, report_out=report_out, pdf=not no_pdf, force=tuple(redo or ()))
    with RunDisplay(enabled=not quiet) as display:
        result = api.run_case(opts, display)
    stages = [{"stage": s.stage, "status": s.status, "seconds": s.seconds, "note": describe(s)}
              for s in result.stages]
    render(stages, fmt, columns=["stage", "status", "seconds", "note"], title="stages")
    if fmt is Format.TABLE:
        render([{"measure": k.replace("_", " "), "value": v} for k, v in result.headline.items()], fmt,
               title=f"summary ({result.seconds:.1f} s)")
    else:
        render([result.headline], fmt)
    if result.report_path:
        typer.echo(f"report: {result.report_path}", err=True)
    if result.partial:
        typer.echo(f"some inputs could not be read completely; see: phiscope errors --case {case}", err=True)
        raise typer.Exit(EXIT_PARTIAL)


def register(app: typer.Typer) -> None:
    """Add ``run`` to the main app."""
    app.command("run")(run)
