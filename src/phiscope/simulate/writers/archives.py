"""Nested archives: a zip holding CSV/PDF and a 7z that holds another zip; a tar.gz backup."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.containers import sevenz_bytes, tar_gz_bytes, zip_bytes
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Population
from phiscope.simulate.writers.csv_exports import CLAIMS, REGISTRATION
from phiscope.simulate.writers.json_export import app_export
from phiscope.simulate.writers.notes import case_note
from phiscope.simulate.writers.reports import lab_report
from phiscope.simulate.writers.tables import build_rows, csv_file

Packer = Callable[[Sequence[tuple[str, bytes]]], bytes | None]


def pack(path: str, members: Sequence[GeneratedFile], packer: Packer) -> GeneratedFile | None:
    """A container file whose inserts are its members' inserts behind ``!/`` chains."""
    data = packer([(m.path, m.data) for m in members])
    if data is None:
        return None
    return GeneratedFile(path, data, [i for m in members for i in m.nested()])


def _inner_zip(pop: Population, dx: DxCatalog, rng: random.Random) -> GeneratedFile:
    pts = rng.sample(list(pop.patients), min(len(pop.patients), 2))
    notes = [case_note(p, pop, dx, rng, f"notes/case_note_{i:04d}.txt") for i, p in enumerate(pts, 1)]
    claims = rng.sample(list(pop.patients), max(1, len(pop.patients) // 25))
    table = csv_file("dx_list.csv", [c.header for c in CLAIMS], build_rows(CLAIMS, claims, pop, rng))
    packed = pack("nested/records.zip", [*notes, table], zip_bytes)
    assert packed is not None
    return packed


def batch_zip(pop: Population, dx: DxCatalog, rng: random.Random) -> GeneratedFile:
    """``archives/batch1.zip``: lab PDFs, a CSV, and ``inner.7z`` (with a zip inside)."""
    labs = [lab_report(p, pop, dx, rng, f"labs/lab_{i:04d}.pdf")
            for i, p in enumerate(rng.sample(list(pop.patients), min(len(pop.patients), 2)), 1)]
    part = rng.sample(list(pop.patients), max(1, len(pop.patients) // 10))
    csv_part = csv_file("export/patients_part2.csv", [c.header for c in REGISTRATION],
                        build_rows(REGISTRATION, part, pop, rng))
    inner = _inner_zip(pop, dx, rng)
    seven = pack("inner.7z", [inner], sevenz_bytes)
    members = [*labs, csv_part, seven if seven is not None else inner]
    packed = pack("archives/batch1.zip", members, zip_bytes)
    assert packed is not None
    return packed


def backup_tar(pop: Population, dx: DxCatalog, rng: random.Random) -> GeneratedFile:
    """``archives/backup_q1.tar.gz``: case notes and a partial JSON export."""
    pts = rng.sample(list(pop.patients), min(len(pop.patients), 2))
    members = [case_note(p, pop, dx, rng, f"backup/notes/note_{i:04d}.txt") for i, p in enumerate(pts, 1)]
    small = Population(pop.facilities, pop.providers, pop.staff, tuple(pts))
    members.append(app_export(small, rng, "backup/caretrack_partial.json"))
    packed = pack("archives/backup_q1.tar.gz", members, tar_gz_bytes)
    assert packed is not None
    return packed


def write_archives(pop: Population, dx: DxCatalog, rng: random.Random) -> list[GeneratedFile]:
    """Both archives."""
    return [batch_zip(pop, dx, rng), backup_tar(pop, dx, rng)]
