"""``phiscope notices`` and ``phiscope notices verify`` (registered from cli/main.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from phiscope import api
from phiscope.cli.output import Format, render
from phiscope.cli.progress import count_progress

notices_app = typer.Typer(help="Letters, mail file, regulator filings, substitute and media notice.")


@notices_app.callback(invoke_without_command=True)
def notices(
    ctx: typer.Context,
    case: Annotated[
        Path | None, typer.Option("--case", "-c", help="Case directory (people, ledger).")
    ] = None,
    incident: Annotated[
        Path | None, typer.Option("--incident", "-i", help="incident.toml (with a letters section).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output directory.")] = None,
    batch: Annotated[int, typer.Option("--batch", help="Letters per print batch (one PDF each).")] = 1000,
    people: Annotated[
        Path | None, typer.Option("--people", help="CSV/JSON people file instead of the case's people.")
    ] = None,
    codes: Annotated[
        Path | None, typer.Option("--codes", help="Vendor CSV of enrollment codes to load.")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder of templates overriding the defaults (letter.typ, en.toml, es.toml...).",
        ),
    ] = None,
    per_person: Annotated[bool, typer.Option("--per-person", help="Also one PDF per letter.")] = False,
    duplex: Annotated[
        bool, typer.Option("--duplex", help="Start each letter on a new sheet when printed two-sided.")
    ] = False,
    correct: Annotated[
        list[str] | None, typer.Option("--correct", help="Send PERSON_ID a correction letter (repeatable).")
    ] = None,
    language: Annotated[
        str,
        typer.Option(
            "--language", help="Default letter language (en, es); a people file's language column wins."
        ),
    ] = "en",
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes (0 = all cores).")] = 0,
    key_file: Annotated[Path | None, typer.Option("--key-file", help="File holding the case key.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
) -> None:
    """Render the letters owed and not yet sent (a rolling mailing), the mail file and the filings."""
    if ctx.invoked_subcommand is not None:
        return
    if case is None or incident is None or out is None:
        raise typer.BadParameter("give --case DIR --incident FILE --out DIR")
    with count_progress(not quiet, "letters") as update:
        info = api.notices(
            incident,
            case,
            out,
            people_file=people,
            key_file=str(key_file) if key_file else None,
            batch_size=batch,
            workers=workers,
            templates=templates,
            codes=codes,
            per_person=per_person,
            duplex=duplex,
            corrections=correct or (),
            language=language,
            progress=update,
        )
    files = info.pop("filings", {})
    typer.echo(
        f"wrote mailing {info['mailing']} to {info['out']}; filings: {files.get('folder', '')}; "
        f"check it with: phiscope notices verify --out {out}",
        err=True,
    )
    render([info], fmt, title="notices")


@notices_app.command("verify")
def verify(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory of `phiscope notices`.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes (0 = all cores).")] = 0,
) -> None:
    """Read every page back and check addressee, elements, other people's data, required content."""
    res = api.notices_verify(out, workers)
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(res, indent=2) + "\n")
    else:
        render([{"letters": res["letters"], "failures": len(res["failures"])}], fmt, title="verification")
        if res["failures"]:
            render(res["failures"][:200], fmt, title="failures")
    if res["failures"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``notices`` (and ``notices verify``) to the main app."""
    app.add_typer(notices_app, name="notices")
