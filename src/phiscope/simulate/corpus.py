"""Generate a synthetic breach corpus and its ground truth.

``generate`` writes realistic files (EHR exports, spreadsheets, PDFs, DOCX,
text notes, e-mail, JSON, nested archives) into ``out_dir`` and one JSON line
per inserted element value into a truth file *beside* it (never inside: it
would be scanned), plus the truth folder ``<out>.truth/`` (Parquet tables of
every person, every occurrence and every file, read by ``phiscope eval``).
The same seed and patient count give the same bytes, however many processes
write them. The people are realistic (see ``population``, ``households``,
``names``) and every variation a file shows (nickname, typo, old address,
maiden name, swapped digits) is in the truth as written, under the true
person's id.

Generation streams: patients are rebuilt from (seed, index) chunk by chunk,
large files are appended to, truth records are flushed to part files and
merged at the end (see ``jobs``, ``sink``, ``truthdir``), so memory stays
bounded up to ``MAX_PATIENTS``. Large exports are split into one part per
shard of 50,000 patients; document counts grow sublinearly (see ``shards``).

Layout (counts scale with the number of patients)::

    ehr/         five EHR exports: comma, pipe (.txt, CRLF), tab (.tsv), semicolon cp1252 (older
                 addresses and maiden names), all-quoted practice-management list
    inventory/   supply orders: look-alike numbers, no personal data
    billing/     XLSX with a merged title row and merged column groups, numbers and dates stored as such;
                 claims_837p_20240330.x12 (an X12 005010 837P batch: a claim for about a third of the
                 patients, subscriber NM1/N3/N4/DMG/REF*SY, HI ICD-10 codes, SV1 lines);
                 remit_835_20240330.x12 (an X12 005010 835 remittance: BPR/TRN, N1*PR/PE, per paid
                 claim LX, CLP, NM1*QC name + member ID, DTM dates, SVC lines)
    scheduling/  XLSX, two weekly sheets
    labs/        multi-page lab reports (PDF); visits/ after-visit summaries (PDF)
    letters/     referral letters (DOCX, prose and a table); ccd/ccd_NNNN.xml C-CDA CCDs (patient header,
                 author, emergency contact, problems with ICD-10-CM codes), one in 25 patients
    notes/       case notes (TXT); it/ help-desk tickets with credentials and IPs
    reference/   lab reference guide: look-alike numbers, no personal data
    mail/        EML threads with CSV/PDF/DOCX attachments; archive.mbox (attachments of message n
                 are ``archive.mbox!/msg<n>/<filename>``, n from 1 in file order)
    exports/     nested JSON export and NDJSON event log; fhir/Patient.ndjson and fhir/Condition.ndjson
                 (a FHIR R4 bulk export of about 40% of the patients)
                 db/ehr_pgdump.sql (pg_dump: patients as COPY, encounters as INSERTs) and
                 db/billing_mysqldump.sql (mysqldump: guarantors, payment_methods as extended INSERTs);
                 ehr_tables/ (group ``tables``, about one patient in five): a Synthea-style relational
                 export where only patients.csv names people; encounters.csv and conditions.csv are keyed
                 by PATIENT (= patients.Id), observations.csv (lab results) by ENCOUNTER only, claims.csv
                 by MEMBERID (payers.csv: the plans; payer_transitions.csv: each patient's member ID)
    interfaces/  HL7 v2 logs (CR-separated segments): adt_20240330.hl7 (ADT^A04/A08 for about half of the
                 patients: PID, NK1, PV1, DG1, IN1) and oru_20240330.hl7 (ORU^R01 lab results, one in eight)
    imaging/     study_NNNN/IM_0001.dcm DICOM images (patient, study, physicians, institution), one in 20
    archives/    batch1.zip (PDFs, CSV, inner.7z > nested/records.zip) and backup_q1.tar.gz
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from phiscope.errors import UsageError
from phiscope.simulate import jobs
from phiscope.simulate.shards import shards
from phiscope.simulate.sink import PartSummary
from phiscope.simulate.truth import CorpusTruth, JsonlRecords
from phiscope.simulate.truthdir import merge

#: format groups (``formats=`` of ``generate``)
FORMATS = ("csv", "xlsx", "pdf", "docx", "txt", "email", "json", "archives", "hl7", "fhir", "x12", "ccda",
           "dicom", "sql", "tables")
MAX_PATIENTS = 1_000_000


def default_truth_path(out_dir: Path) -> Path:
    """``corpus/`` -> ``corpus.truth.jsonl`` beside it."""
    resolved = out_dir.resolve()
    return resolved.with_name(resolved.name + ".truth.jsonl")


def default_truth_dir(out_dir: Path) -> Path:
    """``corpus/`` -> ``corpus.truth/`` beside it (the folder ``phiscope eval --truth`` reads)."""
    resolved = out_dir.resolve()
    return resolved.with_name(resolved.name + ".truth")


def _check_args(out_dir: Path, patients: int, truth_path: Path, folder: Path, formats: Sequence[str]) -> None:
    if not 1 <= patients <= MAX_PATIENTS:
        raise UsageError(f"--patients must be between 1 and {MAX_PATIENTS}")
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise UsageError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UsageError(f"{out_dir} exists and is not an empty folder; choose a new output folder")
    if truth_path.resolve().is_relative_to(out_dir.resolve()):
        raise UsageError("the truth file must not be inside the output folder (it would be scanned)")
    if folder.resolve().is_relative_to(out_dir.resolve()):
        raise UsageError("the truth folder must not be inside the output folder (it would be scanned)")


def _run(plan: list[jobs.Job], workers: int) -> list[PartSummary]:
    if workers <= 1:
        return [jobs.run(job) for job in plan]
    # spawn, not fork: workers start clean whatever threads the caller runs
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results: Iterable[PartSummary] = pool.imap(jobs.run, plan)
        return list(results)


def default_workers(patients: int) -> int:
    """One process for a single shard; else every core, at most one per job."""
    count = len(shards(patients))
    return 1 if count == 1 else min(os.cpu_count() or 1, 2 * count + 1)


def generate(out_dir: Path, patients: int, seed: int, truth_path: Path | None = None,
             formats: Sequence[str] | None = None, truth_dir: Path | None = None,
             workers: int | None = None) -> CorpusTruth:
    """Write a corpus of ``patients`` synthetic patients into ``out_dir``; return its truth.

    ``truth_path`` defaults to ``<out_dir>.truth.jsonl`` beside the folder,
    ``truth_dir`` (the Parquet truth folder) to ``<out_dir>.truth/``.
    ``formats`` limits the groups written (see ``FORMATS``); None = all.
    ``workers`` is the number of processes (default: see ``default_workers``).
    The returned truth reads its records from the JSONL file on demand.
    Raises ``UsageError`` for a bad count, an unknown format, a non-empty
    output folder or a truth path inside it.
    """
    truth_file = truth_path if truth_path is not None else default_truth_path(out_dir)
    folder = truth_dir if truth_dir is not None else default_truth_dir(out_dir)
    _check_args(out_dir, patients, truth_file, folder, formats or ())
    groups = FORMATS if formats is None else tuple(formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder.resolve().parent.mkdir(parents=True, exist_ok=True)
    parts_dir = Path(tempfile.mkdtemp(prefix=f".{folder.name}.parts-", dir=folder.resolve().parent))
    try:
        plan = jobs.plan(patients, seed, groups, out_dir.resolve(), parts_dir)
        summaries = _run(plan, workers if workers is not None else default_workers(patients))
        meta = {"corpus": out_dir.resolve().name, "seed": seed, "patients": patients}
        by_element = merge(summaries, truth_file, folder, meta)
    finally:
        shutil.rmtree(parts_dir, ignore_errors=True)
    files = sorted(f for s in summaries for f in s.files)
    total = sum(s.records for s in summaries)
    return CorpusTruth(JsonlRecords(truth_file, total), files, by_element, folder.resolve())
