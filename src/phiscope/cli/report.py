"""``phiscope report`` and ``phiscope qc sample|record`` (registered from cli/main.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from phiscope import api
from phiscope.cli.output import Format, render
from phiscope.errors import UsageError

CaseOpt = Annotated[Path, typer.Option("--case", "-c", help="Case directory.")]
KeyOpt = Annotated[Path | None, typer.Option("--key-file", help="File holding the case key.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the QC sample (same seed, same sample).")]
PeopleOpt = Annotated[int, typer.Option("--qc-people", help="People in the QC sample.")]
DocsOpt = Annotated[int, typer.Option("--qc-documents", help='"No PHI" documents in the QC sample.')]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]

qc_app = typer.Typer(no_args_is_help=True,
                     help="The QC sample: people and 'no PHI' documents for human review.")


def report(
    case: CaseOpt,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder (default CASE/report).")] = None,
    key_file: KeyOpt = None,
    reveal: Annotated[bool, typer.Option("--reveal", help="Name the QC sample's people (PHI!).")] = False,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="HTML only.")] = False,
    seed: SeedOpt = 1,
    qc_people: PeopleOpt = 30,
    qc_documents: DocsOpt = 30,
) -> None:
    """Write the case report: one self-contained HTML file and the same as PDF."""
    info = api.report(case, out_dir=out, key_file=_s(key_file), pdf=not no_pdf, reveal=reveal, qc_seed=seed,
                      qc_people=qc_people, qc_documents=qc_documents)
    pdf = f"\npdf ({info['pdf_engine']}): {info['pdf']}" if info["pdf"] else ""
    typer.echo(f"report: {info['html']}{pdf}", err=True)
    sys.stdout.write(info["html"] + "\n")


@qc_app.command("sample")
def qc_sample(case: CaseOpt, key_file: KeyOpt = None, seed: SeedOpt = 1, qc_people: PeopleOpt = 30,
              qc_documents: DocsOpt = 30, fmt: FormatOpt = Format.TABLE) -> None:
    """List the QC sample with the answers recorded so far and the estimates."""
    data = api.qc_sample(case, key_file=_s(key_file), seed=seed, people=qc_people, documents=qc_documents)
    rows = [{"item": p["id"], "kind": "person", "about": f"{p['state'] or '?'}; {', '.join(p['elements'])}",
             "answer": p["answer"]} for p in data["people"]]
    rows += [{"item": d["id"], "kind": "document", "about": f"{d['format']}: {d['path']}",
              "answer": d["answer"]} for d in data["documents"]]
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
        return
    render(rows, fmt, columns=["item", "kind", "about", "answer"], title="QC sample")
    _estimates(data["estimates"])


@qc_app.command("record")
def qc_record(
    answers: Annotated[list[str], typer.Argument(
        help="ITEM=ANSWER pairs: a person is correct|merged|wrong-elements|not-a-person, a document "
             "no-phi|phi.")] = [],  # noqa: B006 - typer reads the default
    case: CaseOpt = Path("."),
    from_csv: Annotated[Path | None, typer.Option(
        "--from-csv", help="CSV with item and answer columns (`qc sample -f csv`, answers filled in).",
    )] = None,
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who reviewed.")] = "",
    note: Annotated[str, typer.Option("--note", help="A note kept with each answer.")] = "",
    key_file: KeyOpt = None,
    seed: SeedOpt = 1,
    qc_people: PeopleOpt = 30,
    qc_documents: DocsOpt = 30,
) -> None:
    """Record a reviewer's answers; prints the updated recall and precision estimates."""
    pairs = [_pair(a) for a in answers] + (_csv_pairs(from_csv) if from_csv else [])
    if not pairs:
        raise UsageError("give ITEM=ANSWER pairs or --from-csv FILE")
    est = api.qc_record(case, pairs, key_file=_s(key_file), reviewer=reviewer, note=note, seed=seed,
                        people=qc_people, documents=qc_documents)
    _estimates(est)


def _pair(text: str) -> tuple[str, str]:
    item, sep, answer = text.partition("=")
    if not sep or not item or not answer:
        raise UsageError(f"expected ITEM=ANSWER, got {text!r}")
    return item.strip(), answer.strip()


def _csv_pairs(path: Path) -> list[tuple[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        return [(r["item"].strip(), r["answer"].strip()) for r in csv.DictReader(f)
                if (r.get("answer") or "").strip() and (r.get("item") or "").strip()]


def _estimates(e: dict[str, Any]) -> None:
    parts = [f"reviewed {e['people_reviewed']}/{e['people_sampled']} people, "
             f"{e['documents_reviewed']}/{e['documents_sampled']} 'no PHI' documents"]
    if e.get("recall") is not None:
        parts.append(f"document recall {e['recall']:.1%} "
                     f"(95% CI {e['recall_low']:.1%}-{e['recall_high']:.1%})")
    if e.get("person_precision") is not None:
        parts.append(f"people correct {e['person_precision']:.1%} (95% CI {e['person_precision_low']:.1%}-"
                     f"{e['person_precision_high']:.1%})")
    typer.echo("; ".join(parts), err=True)


def _s(p: Path | None) -> str | None:
    return str(p) if p is not None else None


def register(app: typer.Typer) -> None:
    """Add ``report`` and ``qc`` to the main app."""
    app.command("report")(report)
    app.add_typer(qc_app, name="qc")
