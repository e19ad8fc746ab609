"""SQL dump throughput: the reader alone and end to end (api.scan, one worker), in MB/s per core.

Builds a pg_dump (patients as a COPY block, encounters as one-row INSERTs) and
a mysqldump (guarantors as extended INSERTs of 500 rows, MySQL-escaped) of
about ``--mb`` MB each from generated rows (names with apostrophes, SSNs,
birth dates, addresses, phones, e-mails, ICD-10 codes), then times each.

    .venv/bin/python bench/sqldump_bench.py [--mb 50] [--profile]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

from _timing import timed_scan  # bench/ is on sys.path when a bench runs as a script

from phiscope.model import ReadIssue, TableBatch
from phiscope.readers.base import ReadContext
from phiscope.readers.registry import load_readers
from phiscope.sources.blob import Blob

FIRST = ("Mary", "James", "Zoë", "Robert", "Patricia", "José", "Linda", "Michael", "Ann-Marie", "Wei")
LAST = ("O'Brien", "Smith", "Peña", "Johnson", "D'Arcy", "Nguyen", "Williams", "Côté", "Brown", "Garcia")
STREETS = ("Elm St", "Oak Ave", "Main St", "Maple Dr", "Cedar Ln")
CITIES = (("Hartford", "CT", "06106"), ("Boston", "MA", "02110"), ("Providence", "RI", "02903"))
AREA = ("860", "203", "617", "401", "212", "415", "312", "713")
DX = ("E11.9", "I10", "J45.909", "M54.5", "F41.1", "K21.9", "N39.0", "R51.9")


def _person(rng: random.Random, i: int) -> list[str]:
    city, state, zip_code = rng.choice(CITIES)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    dob = f"{rng.randint(1930, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    ssn = f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    return [f"MRN{i:08d}", first, last, dob, ssn,
            f"{rng.randint(1, 9999)} {rng.choice(STREETS)}", city, state, zip_code,
            f"{rng.choice(AREA)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
            f"{first.lower().replace(' ', '')}.{i}@example.org".replace("'", "")]


def build_pg(target: int, seed: int = 7) -> str:
    """A pg_dump of about ``target`` bytes: a COPY block, then one-row INSERT statements."""
    rng = random.Random(seed)
    out = ["--\n-- PostgreSQL database dump\n--\n\nSET standard_conforming_strings = on;\n\n"
           "CREATE TABLE public.patients (mrn text, first_name text, last_name text, dob date, ssn text, "
           "address text, city text, state text, zip text, phone text, email text);\n"
           "CREATE TABLE public.encounters (id integer, mrn text, admit_date date, icd10_code text, "
           "note text);\n\nCOPY public.patients (mrn, first_name, last_name, dob, ssn, address, city, state, "
           "zip, phone, email) FROM stdin;\n"]
    size, i = len(out[0]), 0
    while size < target * 0.6:
        i += 1
        line = "\t".join(_person(rng, i)) + "\n"
        out.append(line)
        size += len(line)
    out.append("\\.\n\n")
    for k in range(1, i + 1):
        admit = f"2024-0{rng.randint(1, 3)}-1{k % 10}"
        line = (f"INSERT INTO public.encounters VALUES ({k}, 'MRN{k:08d}', '{admit}', '{rng.choice(DX)}', "
                "'pt''s follow-up');\n")
        out.append(line)
        size += len(line)
        if size >= target:
            break
    return "".join(out)


def build_mysql(target: int, seed: int = 8) -> str:
    """A mysqldump of about ``target`` bytes: extended INSERTs of 500 rows."""
    rng = random.Random(seed)
    out = ["-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
           "CREATE TABLE `guarantors` (`id` int, `mrn` varchar(16), `first_name` varchar(64), "
           "`last_name` varchar(64), `dob` date, `ssn` char(11), `street` varchar(64), `city` varchar(64), "
           "`state` char(2), `zip` varchar(10), `home_phone` varchar(20), `email` varchar(64),\n"
           "  `notes` text, PRIMARY KEY (`id`)) ENGINE=InnoDB;\nLOCK TABLES `guarantors` WRITE;\n"]
    size, i = len(out[0]), 0
    while size < target:
        rows = []
        for _ in range(500):
            i += 1
            values = [*_person(rng, i), "called\\nleft msg" if i % 7 == 0 else None]
            cells = ",".join("NULL" if v is None else "'" + v.replace("'", "\\'") + "'" for v in values)
            rows.append(f"({i},{cells})")
        line = f"INSERT INTO `guarantors` VALUES {','.join(rows)};\n"
        out.append(line)
        size += len(line)
    out.append("UNLOCK TABLES;\n")
    return "".join(out)


def _reader_pass(path: Path) -> tuple[float, int, int]:
    reader = load_readers().by_id("sqldump")
    blob = Blob(display_path=str(path), name=path.name, fs_path=str(path))
    rows = issues = 0
    t0 = time.perf_counter()
    for item in reader.read(blob, ReadContext()):
        if isinstance(item, TableBatch):
            rows += item.frame.height
        elif isinstance(item, ReadIssue):
            issues += 1
    return time.perf_counter() - t0, rows, issues



def run(name: str, build: Callable[[int], str], mb: float, profile: bool) -> None:
    """Write one dump, time the reader alone and an end-to-end scan; print MB/s and rows/s per core."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.sql"
        path.write_text(build(int(mb * 1e6)), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        chosen = load_readers().choose(path.read_bytes()[:8192], path.name)
        assert chosen is not None and chosen.id == "sqldump", f"sniffed as {chosen and chosen.id}"
        secs, rows, issues = _reader_pass(path)
        assert issues == 0, f"{issues} read issues in the bench input"
        print(f"{name}: {size_mb:.1f} MB, {rows:,} rows")
        print(f"  reader alone: {secs:.2f} s = {size_mb / secs:.1f} MB/s, {rows / secs:,.0f} rows/s per core")
        secs, result = timed_scan(path, Path(tmp) / "case", profile, 30)
        print(f"  end to end (api.scan, workers=1): {secs:.2f} s = {size_mb / secs:.1f} MB/s, "
              f"{rows / secs:,.0f} rows/s per core ({result.stats.findings:,} findings, "
              f"{result.stats.errors} errors)")


def main() -> None:
    """Parse arguments and run both dumps."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--profile", action="store_true", help="cProfile the end-to-end scans")
    args = ap.parse_args()
    run("pg_dump", build_pg, args.mb, args.profile)
    run("mysqldump", build_mysql, args.mb, args.profile)


if __name__ == "__main__":
    main()
