"""``phiscope obligations`` and ``phiscope incident init`` (registered from cli/main.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from phiscope import api
from phiscope.cli.output import Format, render

NOTICE_COLUMNS = ["obligation", "law", "recipient", "people", "due", "deadline", "detail", "verified"]
CALENDAR_COLUMNS = ["date", "day", "event", "law", "people", "verified"]
EXPLAIN_COLUMNS = ["step", "law", "topic", "finding", "rule", "citation", "verified"]

incident_app = typer.Typer(no_args_is_help=True, help="Incident facts (incident.toml).")


@incident_app.command("init")
def incident_init(
    path: Annotated[Path, typer.Argument(help="Where to write the template.")] = Path("incident.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a documented incident.toml template to fill in."""
    from phiscope.obligations.template import write_template

    out = write_template(path, force=force)
    typer.echo(
        f"wrote {out}; fill it in, then: phiscope obligations --incident {out} --people FILE", err=True
    )


def obligations(
    incident: Annotated[
        Path, typer.Option("--incident", "-i", help="Incident facts (phiscope incident init).")
    ],
    case: Annotated[
        Path | None, typer.Option("--case", "-c", help="Case directory with resolved people.")
    ] = None,
    people: Annotated[
        Path | None,
        typer.Option("--people", help="CSV or JSON of per-person facts (instead of the case's people)."),
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option("--explain", help="Show, rule by rule with citations, why PERSON_ID is owed what."),
    ] = None,
    key_file: Annotated[Path | None, typer.Option("--key-file", help="File holding the case key.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
) -> None:
    """Notification duties under HIPAA and each state's law: obligations table and calendar."""
    kf = str(key_file) if key_file else None
    if explain is not None:
        rows = api.obligations_explain(incident, explain, case_dir=case, people_file=people, key_file=kf)
        ev = api.obligations(incident, case_dir=case, people_file=people, key_file=kf)
        typer.echo(ev.banner(), err=True)
        render(rows, fmt, columns=EXPLAIN_COLUMNS, title=f"why {explain} is owed what")
        return
    ev = api.obligations(incident, case_dir=case, people_file=people, key_file=kf)
    typer.echo(ev.banner(), err=True)
    notices = [n.row() for n in ev.notices]
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(_json(ev, notices), indent=2, default=str) + "\n")
        return
    if fmt is not Format.TABLE:  # one flat list for machine formats: the obligations
        render(notices, fmt)
        return
    render(notices, fmt, columns=NOTICE_COLUMNS, title="obligations")
    render(ev.calendar(), fmt, columns=CALENDAR_COLUMNS, title="calendar (from discovery)")


def _json(ev: Any, notices: list[dict[str, Any]]) -> dict[str, Any]:
    from phiscope.obligations.engine import DISCLAIMER

    return {
        "disclaimer": DISCLAIMER,
        "banner": ev.banner(),
        "people": sum(r.group.count for r in ev.results),
        "obligations": notices,
        "calendar": ev.calendar(),
        "unverified_rules": [
            {"rule": r.ref, "known": r.known, "citation": r.citation, "note": r.note} for r in ev.unverified()
        ],
    }


def register(app: typer.Typer) -> None:
    """Add ``obligations`` and ``incident`` to the main app."""
    app.command("obligations")(obligations)
    app.add_typer(incident_app, name="incident")
