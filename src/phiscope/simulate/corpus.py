"""Generate a synthetic breach corpus and its ground truth.

``generate`` writes realistic files (EHR exports, spreadsheets, PDFs, DOCX,
text notes, e-mail, JSON, nested archives) into ``out_dir`` and one JSON line
per inserted element value into a truth file *beside* it (never inside: it
would be scanned), plus the truth folder ``<out>.truth/`` (Parquet tables of
every person, every occurrence and every file, read by ``phiscope eval``).
The same seed and patient count give the same bytes.

Layout (counts scale with the number of patients)::

    ehr/         four EHR exports: comma, pipe (.txt, CRLF), tab (.tsv), semicolon cp1252
    inventory/   supply orders: look-alike numbers, no personal data
    billing/     XLSX with a merged title row, numbers and dates stored as such
    scheduling/  XLSX, two weekly sheets
    labs/        multi-page lab reports (PDF); visits/ after-visit summaries (PDF)
    letters/     referral letters (DOCX, prose and a table)
    notes/       case notes (TXT); it/ help-desk tickets with credentials and IPs
    reference/   lab reference guide: look-alike numbers, no personal data
    mail/        EML threads with CSV/PDF attachments; archive.mbox
    exports/     nested JSON export and NDJSON event log
    archives/    batch1.zip (PDFs, CSV, inner.7z > nested/records.zip) and backup_q1.tar.gz
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError
from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Population
from phiscope.simulate.population import make_population
from phiscope.simulate.truth import CorpusTruth, write_truth_dir
from phiscope.simulate.writers.archives import write_archives
from phiscope.simulate.writers.billing import write_spreadsheets
from phiscope.simulate.writers.csv_exports import write_exports
from phiscope.simulate.writers.emails import write_mail
from phiscope.simulate.writers.json_export import write_json
from phiscope.simulate.writers.letters import write_letters
from phiscope.simulate.writers.negatives import supply_orders
from phiscope.simulate.writers.notes import write_notes
from phiscope.simulate.writers.reports import write_reports

Producer = Callable[[Population, DxCatalog, random.Random], list[GeneratedFile]]

#: format group -> writer; each gets its own random source so groups are independent
PRODUCERS: dict[str, Producer] = {
    "csv": lambda pop, dx, rng: [*write_exports(pop, rng), supply_orders(rng)],
    "xlsx": lambda pop, dx, rng: write_spreadsheets(pop, rng),
    "pdf": write_reports,
    "docx": write_letters,
    "txt": write_notes,
    "email": write_mail,
    "json": lambda pop, dx, rng: write_json(pop, rng),
    "archives": write_archives,
}
FORMATS = tuple(PRODUCERS)
MAX_PATIENTS = 1_000_000


def default_truth_path(out_dir: Path) -> Path:
    """``corpus/`` -> ``corpus.truth.jsonl`` beside it."""
    resolved = out_dir.resolve()
    return resolved.with_name(resolved.name + ".truth.jsonl")


def default_truth_dir(out_dir: Path) -> Path:
    """``corpus/`` -> ``corpus.truth/`` beside it (the folder ``phiscope eval --truth`` reads)."""
    resolved = out_dir.resolve()
    return resolved.with_name(resolved.name + ".truth")


def _check_args(out_dir: Path, patients: int, truth_path: Path, formats: Sequence[str]) -> None:
    if not 1 <= patients <= MAX_PATIENTS:
        raise UsageError(f"--patients must be between 1 and {MAX_PATIENTS}")
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise UsageError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UsageError(f"{out_dir} exists and is not an empty folder; choose a new output folder")
    if truth_path.resolve().is_relative_to(out_dir.resolve()):
        raise UsageError("the truth file must not be inside the output folder (it would be scanned)")


def build_files(patients: int, seed: int, formats: Sequence[str] | None = None) -> list[GeneratedFile]:
    """All files of a corpus in memory, sorted by path (no I/O)."""
    return _build(patients, seed, formats)[1]


def _build(patients: int, seed: int, formats: Sequence[str] | None) -> tuple[Population, list[GeneratedFile]]:
    dx = DxCatalog()
    pop = make_population(patients, seed, dx)
    files: list[GeneratedFile] = []
    for name, producer in PRODUCERS.items():
        if formats is None or name in formats:
            files.extend(producer(pop, dx, random.Random(f"{seed}:{name}")))
    files.sort(key=lambda f: f.path)
    paths = [f.path for f in files]
    assert len(set(paths)) == len(paths), "two writers produced the same path"
    return pop, files


def person_rows(pop: Population) -> list[dict[str, Any]]:
    """Everyone in ``pop`` with every attribute the simulator knows, one dict per person.

    ``kind`` is patient, emergency_contact, provider, staff or organisation;
    addresses are flattened to ``address_street`` ... ``address_zip``, dates
    are ISO strings, lists are ``|``-joined.
    """
    rows = [_row(p, "patient") for p in pop.patients]
    rows += [{"person_id": p.ec_id, "kind": "emergency_contact", "name": p.ec_name,
              "relation": p.ec_relation, "phone": p.ec_phone, "contact_of": p.id} for p in pop.patients]
    rows += [_row(p, "provider") for p in pop.providers]
    rows += [_row(s, "staff") for s in pop.staff]
    rows += [_row(f, "organisation") for f in pop.facilities]
    return rows


def _row(obj: Any, kind: str) -> dict[str, Any]:
    row: dict[str, Any] = {"person_id": obj.id, "kind": kind}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "id" or f.name.startswith("ec_"):
            continue
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            row.update({f"{f.name}_{k}": v for k, v in dataclasses.asdict(value).items()})
        else:
            row[f.name] = _plain(value)
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "|".join(str(v) for v in value)
    return None if value is None else str(value)


def generate(out_dir: Path, patients: int, seed: int, truth_path: Path | None = None,
             formats: Sequence[str] | None = None, truth_dir: Path | None = None) -> CorpusTruth:
    """Write a corpus of ``patients`` synthetic patients into ``out_dir``; return its truth.

    ``truth_path`` defaults to ``<out_dir>.truth.jsonl`` beside the folder,
    ``truth_dir`` (the Parquet truth folder) to ``<out_dir>.truth/``.
    ``formats`` limits the groups written (see ``FORMATS``); None = all.
    Raises ``UsageError`` for a bad count, an unknown format, a non-empty
    output folder or a truth path inside it.
    """
    truth_file = truth_path if truth_path is not None else default_truth_path(out_dir)
    folder = truth_dir if truth_dir is not None else default_truth_dir(out_dir)
    _check_args(out_dir, patients, truth_file, formats or ())
    if folder.resolve().is_relative_to(out_dir.resolve()):
        raise UsageError("the truth folder must not be inside the output folder (it would be scanned)")
    pop, files = _build(patients, seed, formats)
    truth = CorpusTruth()
    for f in files:
        target = out_dir / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.data)
        truth.files.append(f.path)
        truth.records.extend(CorpusTruth.records_for(f.path, f.inserts))
    truth.write_jsonl(truth_file)
    meta = {"corpus": out_dir.resolve().name, "seed": seed, "patients": patients}
    write_truth_dir(truth, person_rows(pop), folder, meta)
    return truth
