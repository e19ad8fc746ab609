"""``phiscope review``: decide the uncertain pairs of people resolution (registered from cli/main.py).

Interactive by default: each pair's two mentions side by side (a table on stdout, masked unless
``--reveal``) and a prompt on stderr. ``--list``, ``--decide`` and ``--import`` are for scripts.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Any

import typer

from phiscope import api
from phiscope.api_review import APPLY_HINT
from phiscope.cli.output import Format, render
from phiscope.errors import UsageError
from phiscope.people.review_view import FIELDS, flat, side_by_side, weights_text

ANSWER = {"l": "link", "d": "distinct", "s": "skip", "q": "quit"}


def review(
    case: Annotated[Path, typer.Option("--case", "-c", help="Case directory (people resolved).")],
    key_file: Annotated[Path | None, typer.Option("--key-file", help="File holding the case key.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="Print the undecided pairs and stop.")] = False,
    decide: Annotated[tuple[str, str] | None, typer.Option(
        "--decide", metavar="LEFT RIGHT", help="Decide about two mention ids (with --link or --distinct).",
    )] = None,
    link: Annotated[bool | None, typer.Option(
        "--link/--distinct", help="With --decide: the two mentions are one person / never one person.",
    )] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why (stored with the decision).")] = None,
    import_: Annotated[Path | None, typer.Option(
        "--import", help="CSV of decisions: left_mention,right_mention,decision (link or distinct).")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who decides (default: the login name).")] = None,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show raw values (PHI!).")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many pairs.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
) -> None:
    """Review the uncertain pairs of people one by one; decisions hold for every later resolution."""
    modes = [m for m, on in (("--list", list_), ("--decide", decide is not None),
                             ("--import", import_ is not None)) if on]
    if len(modes) > 1:
        raise UsageError(f"give one of {', '.join(modes)}")
    if link is not None and decide is None:
        raise UsageError("--link/--distinct go with --decide LEFT RIGHT")
    who = reviewer if reviewer is not None else _login()
    key = str(key_file) if key_file else None
    if list_:
        _list(case, key, reveal, limit, fmt)
        return
    if decide is not None:
        if link is None:
            raise UsageError("say what the two mentions are: --link (one person) or --distinct")
        info = api.review_decide(case, decide[0], decide[1], "link" if link else "distinct", reviewer=who,
                                 note=note, key_file=key)
        render([info], fmt, title="decision recorded")
    elif import_ is not None:
        info = api.review_import(case, import_, reviewer=who, key_file=key)
        render([info], fmt, title="decisions imported")
    else:
        counts = api.review_session(case, _ask, reviewer=who, reveal=reveal, limit=limit, key_file=key)
        if not counts["pairs"]:
            typer.echo("no undecided pairs to review", err=True)
            return
        render([counts], fmt, title="review")
        if not counts["linked"] + counts["distinct"]:
            return
    typer.echo(APPLY_HINT.format(case=case), err=True)


def _list(case: Path, key: str | None, reveal: bool, limit: int | None, fmt: Format) -> None:
    items = api.review_queue(case, key_file=key, reveal=reveal, limit=limit)
    if fmt is Format.JSON:
        render(items, fmt)
        return
    if fmt is Format.TABLE:  # one row per pair, each side's fields stacked in its cell
        rows = [{"#": n, "probability": f"{float(i['match_probability']):.3f}",
                 "merged": "yes" if i.get("merged") else "", "left": _cell(i["left"]),
                 "right": _cell(i["right"]), "weights": weights_text(i["field_weights"])}
                for n, i in enumerate(items, start=1)]
        render(rows, fmt, title="pairs to review")
        return
    render((flat(i) for i in items), fmt, title="pairs to review")


def _cell(side: dict[str, Any]) -> str:
    where = f"{Path(str(side['path'])).name} {side['where']}".strip()
    values = [f"{k}: {side[k]}" for k in FIELDS if side.get(k)]
    return "\n".join([str(side["mention_id"]), where, *values])


def _ask(item: dict[str, Any], n: int, total: int) -> str:
    """Show one pair and ask what it is (a rich prompt on stderr); end of input means quit."""
    from rich.console import Console
    from rich.markup import escape
    from rich.prompt import Prompt

    title = f"pair {n} of {total}: match probability {float(item['match_probability']):.3f}" + (
        " (merged: the only known person of that name)" if item.get("merged") else "")
    render(side_by_side(item), Format.TABLE, columns=["field", "left", "right"], title=title)
    typer.echo(f"match weights: {weights_text(item['field_weights']) or '-'}")
    try:
        answer = Prompt.ask(escape("[l]ink / [d]istinct / [s]kip / [q]uit"), choices=list(ANSWER),
                            show_choices=False, console=Console(stderr=True))
    except (EOFError, KeyboardInterrupt):
        return "quit"
    return ANSWER[answer]


def report_id_changes(info: dict[str, Any], fmt: Format) -> None:
    """For ``phiscope resolve``: warn (stderr) about people already notified who lost their person
    id — they may need a correction letter — and keep the id lists out of table/CSV output (JSON
    keeps them under ``id_changes``)."""
    changes = info.pop("id_changes", {}) if fmt in (Format.TABLE, Format.CSV) else info.get("id_changes", {})
    lost = list(changes.get("notified_lost", []))
    if lost:
        more = f" and {len(lost) - 10} more" if len(lost) > 10 else ""
        typer.echo(f"{len(lost)} already-notified person id(s) merged into another person or gone: "
                   f"{', '.join(lost[:10])}{more}; a correction letter may be needed (see --format json, "
                   "id_changes)", err=True)


def _login() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        return None


def register(app: typer.Typer) -> None:
    """Add ``review`` to the main app."""
    app.command("review")(review)
