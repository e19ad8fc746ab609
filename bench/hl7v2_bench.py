"""HL7 v2 throughput: the reader alone and end to end (api.scan, one worker), in MB/s per core.

Builds a file of about ``--mb`` MB by repeating the Microsoft FHIR-Converter
HL7 v2 samples (../shared/data) with every run of 4+ digits re-drawn per copy
(so identifiers, phones and dates differ between copies), ``\\r`` separated.
``run_bench`` is shared with ``bench/x12_bench.py``.

    .venv/bin/python bench/hl7v2_bench.py [--mb 50] [--profile]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

from _timing import timed_scan  # bench/ is on sys.path when a bench runs as a script

from phiscope.model import ReadIssue, Record
from phiscope.readers.base import ReadContext
from phiscope.readers.registry import load_readers
from phiscope.sources.blob import Blob

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SAMPLES = DATA / "ms_fhir_converter_samples" / "Hl7v2"
_DIGITS = re.compile(r"\d{4,}")


def build(samples: list[str], target_bytes: int, seed: int = 7, keep: tuple[str, ...] = ()) -> str:
    """Copies of the samples, digit runs re-drawn per copy (not in lines starting with ``keep``)."""
    rng = random.Random(seed)

    def redraw(m: re.Match[str]) -> str:
        return str(rng.randrange(10 ** len(m.group()))).zfill(len(m.group()))

    out: list[str] = []
    size = 0
    while size < target_bytes:
        for text in samples:
            lines = text.splitlines(keepends=True)
            copy = "".join(line if line.startswith(keep) else _DIGITS.sub(redraw, line) for line in lines)
            out.append(copy)
            size += len(copy)
    return "".join(out)


def _reader_pass(path: Path, reader_id: str) -> tuple[float, int, int]:
    reader = load_readers().by_id(reader_id)
    blob = Blob(display_path=str(path), name=path.name, fs_path=str(path))
    records = fields = 0
    t0 = time.perf_counter()
    for item in reader.read(blob, ReadContext()):
        if isinstance(item, Record):
            records += 1
            fields += len(item.fields)
    return time.perf_counter() - t0, records, fields



def run_bench(reader_id: str, samples: list[str], suffix: str, mb: float, profile: bool,
              keep: tuple[str, ...] = ()) -> None:
    """Write the input, time the reader and an end-to-end scan; print MB/s per core."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench{suffix}"
        path.write_bytes(build(samples, int(mb * 1e6), keep=keep).encode("utf-8"))
        size_mb = path.stat().st_size / 1e6
        chosen = load_readers().choose(path.read_bytes()[:8192], path.name)
        assert chosen is not None and chosen.id == reader_id, f"sniffed as {chosen and chosen.id}"
        secs, records, fields = _reader_pass(path, reader_id)
        print(f"{reader_id}: {size_mb:.1f} MB, {records} records, {fields} fields")
        print(f"reader alone: {secs:.2f} s = {size_mb / secs:.1f} MB/s per core")
        issues = sum(isinstance(i, ReadIssue) for i in load_readers().by_id(reader_id).read(
            Blob(display_path=str(path), name=path.name, fs_path=str(path)), ReadContext()))
        assert issues == 0, f"{issues} read issues in the bench input"
        secs, result = timed_scan(path, Path(tmp) / "case", profile)
        print(
            f"end to end (api.scan, workers=1): {secs:.2f} s = {size_mb / secs:.1f} MB/s per core "
            f"({result.stats.findings} findings, {result.stats.errors} errors)"
        )


def _samples() -> list[str]:
    texts = [
        p.read_bytes().decode("utf-8-sig").replace("\r\n", "\r").replace("\n", "\r")
        for p in sorted(SAMPLES.glob("*.hl7"))
    ]
    return [t if t.endswith("\r") else t + "\r" for t in texts]


def main() -> None:
    """Parse arguments and run."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--profile", action="store_true", help="cProfile the end-to-end scan")
    args = ap.parse_args()
    if not SAMPLES.is_dir():
        sys.exit(f"samples not found: {SAMPLES}")
    run_bench("hl7v2", _samples(), ".hl7", args.mb, args.profile)


if __name__ == "__main__":
    main()
