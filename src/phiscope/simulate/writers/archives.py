"""Nested archives: a zip holding CSV/PDF and a 7z that holds another zip; a tar.gz backup."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.containers import sevenz_bytes, tar_gz_bytes, zip_bytes
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.shards import doc_total
from phiscope.simulate.writers.csv_exports import CLAIMS, REGISTRATION
from phiscope.simulate.writers.json_export import app_export
from phiscope.simulate.writers.notes import case_note
from phiscope.simulate.writers.reports import lab_report
from phiscope.simulate.writers.tables import build_rows, csv_file

Packer = Callable[[Sequence[tuple[str, bytes]]], bytes | None]
#: k -> k distinct patients drawn from the whole population (fewer when there are fewer)
Pick = Callable[[int], list[Patient]]


def pack(path: str, members: Sequence[GeneratedFile], packer: Packer) -> GeneratedFile | None:
    """A container file whose inserts are its members' inserts behind ``!/`` chains."""
    data = packer([(m.path, m.data) for m in members])
    if data is None:
        return None
    return GeneratedFile(path, data, [i for m in members for i in m.nested()])


def _inner_zip(pick: Pick, n: int, pop: Population, dx: DxCatalog, rng: random.Random) -> GeneratedFile:
    notes = [case_note(p, pop, dx, rng, f"notes/case_note_{i:04d}.txt") for i, p in enumerate(pick(2), 1)]
    claims = pick(doc_total(n, 1 / 25, 1))
    table = csv_file("dx_list.csv", [c.header for c in CLAIMS], build_rows(CLAIMS, claims, pop, rng))
    packed = pack("nested/records.zip", [*notes, table], zip_bytes)
    assert packed is not None
    return packed


def batch_zip(pick: Pick, n: int, pop: Population, dx: DxCatalog, rng: random.Random) -> GeneratedFile:
    """``archives/batch1.zip``: lab PDFs, a CSV, and ``inner.7z`` (with a zip inside)."""
    labs = [lab_report(p, pop, dx, rng, f"labs/lab_{i:04d}.pdf") for i, p in enumerate(pick(2), 1)]
    part = pick(doc_total(n, 1 / 10, 1))
    csv_part = csv_file("export/patients_part2.csv", [c.header for c in REGISTRATION],
                        build_rows(REGISTRATION, part, pop, rng))
    inner = _inner_zip(pick, n, pop, dx, rng)
    seven = pack("inner.7z", [inner], sevenz_bytes)
    members = [*labs, csv_part, seven if seven is not None else inner]
    packed = pack("archives/batch1.zip", members, zip_bytes)
    assert packed is not None
    return packed


def backup_tar(pick: Pick, pop: Population, dx: DxCatalog, rng: random.Random) -> GeneratedFile:
    """``archives/backup_q1.tar.gz``: case notes and a partial JSON export."""
    pts = pick(2)
    members = [case_note(p, pop, dx, rng, f"backup/notes/note_{i:04d}.txt") for i, p in enumerate(pts, 1)]
    members.append(app_export(pop.with_patients(tuple(pts)), rng, "backup/caretrack_partial.json"))
    packed = pack("archives/backup_q1.tar.gz", members, tar_gz_bytes)
    assert packed is not None
    return packed
