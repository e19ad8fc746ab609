"""Generation jobs: the unit of work one process runs, and the plan of a whole corpus.

A corpus is planned as a list of jobs: per shard, one ``tables`` job (the
streamed exports, spreadsheets and JSON of its patients -- every format group
in ``TABLE_GROUPS``, the ``tables`` group among them -- and their truth rows
in persons.parquet) and one ``docs`` job (PDFs, DOCX, notes, e-mails); then
one ``global`` job (the mailbox, help-desk tickets, archives, look-alike
files without personal data, the organisation's people). Every job draws
from random sources keyed by seed and job, so the output is the same whatever
process runs it and in whatever order.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.persons import PersonsWriter, organisation_rows, patient_rows
from phiscope.simulate.population import World
from phiscope.simulate.shards import Shard, doc_total, quota, shards
from phiscope.simulate.sink import PartSink, PartSummary
from phiscope.simulate.writers import emails
from phiscope.simulate.writers.archives import backup_tar, batch_zip
from phiscope.simulate.writers.billing import Spreadsheets
from phiscope.simulate.writers.ccda import ccd_document
from phiscope.simulate.writers.csv_exports import EhrExports
from phiscope.simulate.writers.dicom import dicom_image
from phiscope.simulate.writers.fhir import FhirExports
from phiscope.simulate.writers.hl7 import Hl7Messages
from phiscope.simulate.writers.json_export import JsonExports
from phiscope.simulate.writers.letters import referral_letter
from phiscope.simulate.writers.mail import eml_file, mbox_file
from phiscope.simulate.writers.negatives import supply_orders
from phiscope.simulate.writers.notes import case_note, helpdesk_tickets, reference_ranges
from phiscope.simulate.writers.relational import RelationalExports
from phiscope.simulate.writers.reports import lab_report, visit_summary
from phiscope.simulate.writers.sqldump import SqlDumps
from phiscope.simulate.writers.x12 import ClaimsBatch
from phiscope.simulate.writers.x12_835 import RemitBatch

CHUNK = 1_000
TABLE_GROUPS = ("csv", "xlsx", "json", "hl7", "fhir", "x12", "sql", "tables")
TableWriter = (EhrExports | Spreadsheets | JsonExports | Hl7Messages | FhirExports | ClaimsBatch | RemitBatch
               | SqlDumps | RelationalExports)
DocFn = Callable[[Patient, Population, DxCatalog, random.Random, str], GeneratedFile]
#: kind -> (format group, share of patients, minimum, path pattern, writer)
DOCS: dict[str, tuple[str, float, int, str, DocFn]] = {
    "labs": ("pdf", 1 / 8, 2, "labs/lab_{}.pdf", lab_report),
    "visits": ("pdf", 1 / 20, 1, "visits/visit_summary_{}.pdf", visit_summary),
    "letters": ("docx", 1 / 20, 2, "letters/referral_{}.docx", referral_letter),
    "notes": ("txt", 1 / 15, 3, "notes/case_note_{}.txt", case_note),
    "ccd": ("ccda", 1 / 25, 2, "letters/ccd/ccd_{}.xml", ccd_document),
    "dicom": ("dicom", 1 / 20, 2, "imaging/study_{}/IM_0001.dcm", dicom_image),
}


@dataclass(frozen=True, slots=True)
class Job:
    """One unit of work: ``kind`` tables, docs or global; ``part`` orders its truth in the corpus."""

    part: int
    kind: str
    shard: Shard | None
    groups: tuple[str, ...]
    n: int
    seed: int
    out_dir: Path
    parts_dir: Path


def plan(n: int, seed: int, groups: tuple[str, ...], out_dir: Path, parts_dir: Path) -> list[Job]:
    """Every job of a corpus, in truth order."""
    kinds: list[tuple[Shard | None, str]] = [(sh, "tables") for sh in shards(n)]
    kinds += [(sh, "docs") for sh in shards(n)]
    kinds.append((None, "global"))
    return [Job(i, kind, sh, groups, n, seed, out_dir, parts_dir) for i, (sh, kind) in enumerate(kinds)]


@lru_cache(maxsize=2)
def _world(n: int, seed: int) -> World:
    """One world per process and corpus (the ICD-10 catalogue takes a second or two to load)."""
    return World(n, seed)


def run(job: Job) -> PartSummary:
    """Run one job; returns what it wrote."""
    world = _world(job.n, job.seed)
    sink = PartSink(job.out_dir, job.parts_dir, job.part)
    persons = PersonsWriter(job.parts_dir / f"part-{job.part:05d}.persons.parquet")
    if job.kind == "tables":
        assert job.shard is not None
        _tables(world, job, sink, persons)
    elif job.kind == "docs":
        assert job.shard is not None
        _docs(world, job, sink)
    else:
        _global(world, job, sink)
        persons.add(organisation_rows(world.population()))
    persons.close()
    summary = sink.close()
    summary.persons = persons.path
    return summary


def _chunks(patients: Iterator[Patient]) -> Iterator[tuple[Patient, ...]]:
    while chunk := tuple(islice(patients, CHUNK)):
        yield chunk


def _tables(world: World, job: Job, sink: PartSink, persons: PersonsWriter) -> None:
    assert job.shard is not None
    makers: dict[str, Callable[[PartSink, int, str], TableWriter]] = {
        "csv": EhrExports, "xlsx": Spreadsheets, "json": JsonExports,
        "hl7": lambda s, seed, sfx: Hl7Messages(s, seed, sfx, world.dx),
        "fhir": lambda s, seed, sfx: FhirExports(s, seed, sfx, world.dx),
        "x12": lambda s, seed, sfx: ClaimsBatch(s, seed, sfx, world.dx), "sql": SqlDumps,
        "tables": lambda s, seed, sfx: RelationalExports(s, seed, sfx, world.dx)}
    writers = [makers[g](sink, job.seed, job.shard.suffix) for g in TABLE_GROUPS if g in job.groups]
    if "x12" in job.groups:
        writers.append(RemitBatch(sink, job.seed, job.shard.suffix))
    for chunk in _chunks(world.patients(job.shard.start, job.shard.stop)):
        pop = world.population(chunk)
        for w in writers:
            w.write(chunk, pop)
        persons.add(patient_rows(chunk))
    for w in writers:
        w.close()


def _numbered(pattern: str, number: int, total: int, width: int = 4) -> str:
    return pattern.format(f"{number:0{max(width, len(str(total)))}d}")


def _indices(rng: random.Random, shard: Shard, k: int) -> list[int]:
    if k <= shard.size:
        return rng.sample(range(shard.start, shard.stop), k)
    return [rng.randrange(shard.start, shard.stop) for _ in range(k)]


def _docs(world: World, job: Job, sink: PartSink) -> None:
    assert job.shard is not None
    pop = world.population()
    for kind, (group, share, minimum, pattern, fn) in DOCS.items():
        if group not in job.groups:
            continue
        rng = random.Random(f"{job.seed}:{kind}:{job.shard.index}")
        total = doc_total(job.n, share, minimum)
        first, count = quota(job.n, job.shard, total)
        for k, index in enumerate(_indices(rng, job.shard, count), first + 1):
            sink.write_file(fn(world.patient(index), pop, world.dx, rng, _numbered(pattern, k, total)))
    if "email" in job.groups:
        _threads(world, job, sink)


def _threads(world: World, job: Job, sink: PartSink) -> None:
    """E-mail threads with CSV and PDF attachments: outreach lists, abnormal labs, billing questions."""
    assert job.shard is not None
    rng = random.Random(f"{job.seed}:threads:{job.shard.index}")
    pop = world.population()
    total = doc_total(job.n, 1 / 25, 2)
    first, count = quota(job.n, job.shard, total)
    for i in range(first + 1, first + count + 1):
        if i % 3 == 1:
            pts = [world.patient(x) for x in _indices(rng, job.shard, min(rng.randint(3, 5), job.shard.size))]
            msg = emails.outreach(pts, pop, rng, attach=True)
        elif i % 3 == 2:
            mail = emails.referral_mail if i % 6 == 2 else emails.lab_mail
            msg = mail(world.patient(_indices(rng, job.shard, 1)[0]), pop, world.dx, rng)
        else:
            msg = emails.billing_question(world.patient(_indices(rng, job.shard, 1)[0]), pop, rng)
        sink.write_file(eml_file(_numbered("mail/thread_{}.eml", i, total, 2), *msg))


def _global(world: World, job: Job, sink: PartSink) -> None:
    n, pop = job.n, world.population()
    picker = random.Random(f"{job.seed}:pick")

    def pick(k: int) -> list[Patient]:
        return [world.patient(i) for i in picker.sample(range(n), min(k, n))]

    if "csv" in job.groups:
        sink.write_file(supply_orders(random.Random(f"{job.seed}:supply")))
    if "txt" in job.groups:
        rng = random.Random(f"{job.seed}:helpdesk")
        tickets = pop.with_patients(tuple(pick(doc_total(n, 1 / 12, 2))))
        sink.write_file(helpdesk_tickets(tickets, rng, "it/helpdesk_tickets.txt"))
        sink.write_file(reference_ranges(rng, "reference/lab_reference_ranges.txt"))
    if "email" in job.groups:
        rng = random.Random(f"{job.seed}:mbox")
        box = []
        for i in range(doc_total(n, 1 / 20, 3)):
            if i % 2:
                box.append(emails.billing_question(pick(1)[0], pop, rng))
            else:
                box.append(emails.outreach(pick(rng.randint(2, 4)), pop, rng, attach=i == 0))
        sink.write_file(mbox_file("mail/archive.mbox", box))
    if "archives" in job.groups:
        rng = random.Random(f"{job.seed}:archives")
        sink.write_file(batch_zip(pick, n, pop, world.dx, rng))
        sink.write_file(backup_tar(pick, pop, world.dx, rng))
