"""FHIR NDJSON bulk-export throughput: the reader alone and end to end (api.scan, one worker),
in MB/s per core.

Builds one NDJSON file of about ``--mb`` MB by repeating the Synthea bulk export in
../shared/data/synthea_fhir_bulk_10pt (every resource type, interleaved as in one export),
with the last hex digits of every UUID re-drawn per copy so that ids and references stay
consistent within a copy and differ between copies. ``--no-notes`` leaves DocumentReference
out (its base64 notes are child documents, which dominate the end-to-end time).

    .venv/bin/python bench/fhir_bench.py [--mb 50] [--no-notes] [--profile]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

from _timing import timed_scan  # bench/ is on sys.path when a bench runs as a script

from phiscope.model import ChildBlob, Record
from phiscope.readers.base import ReadContext
from phiscope.readers.registry import load_readers
from phiscope.sources.blob import Blob

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "synthea_fhir_bulk_10pt"
_UUID_TAIL = re.compile(r"(\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8})[0-9a-f]{4}\b")


def build(files: list[Path], target_bytes: int) -> bytes:
    """Copies of the export's lines, each copy with its own UUID tails, up to ``target_bytes``."""
    lines = [line for f in files for line in f.read_text().splitlines() if line.strip()]
    out: list[str] = []
    size = copy = 0
    while size < target_bytes:
        tail = f"{copy:04x}"
        for line in lines:
            text = _UUID_TAIL.sub(lambda m, t=tail: m.group(1) + t, line)  # type: ignore[misc]
            out.append(text)
            size += len(text) + 1
        copy += 1
    return ("\n".join(out) + "\n").encode("utf-8")


def _reader_pass(path: Path) -> tuple[float, int, int, int]:
    reader = load_readers().by_id("fhir")
    blob = Blob(display_path=str(path), name=path.name, fs_path=str(path))
    records = fields = children = 0
    t0 = time.perf_counter()
    for item in reader.read(blob, ReadContext()):
        if isinstance(item, Record):
            records += 1
            fields += len(item.fields)
        elif isinstance(item, ChildBlob):
            children += 1
    return time.perf_counter() - t0, records, fields, children



def main() -> None:
    """Parse arguments, build the input, time the reader and an end-to-end scan."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--no-notes", action="store_true", help="leave DocumentReference out")
    ap.add_argument("--profile", action="store_true", help="cProfile the end-to-end scan")
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"samples not found: {DATA}")
    files = [f for f in sorted(DATA.glob("*.000.ndjson"))
             if not (args.no_notes and f.name.startswith("DocumentReference"))]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bulk.ndjson"
        path.write_bytes(build(files, int(args.mb * 1e6)))
        size_mb = path.stat().st_size / 1e6
        chosen = load_readers().choose(path.read_bytes()[:8192], path.name)
        assert chosen is not None and chosen.id == "fhir", f"sniffed as {chosen and chosen.id}"
        secs, records, fields, children = _reader_pass(path)
        print(f"fhir ndjson: {size_mb:.1f} MB, {records} records, {fields} fields, {children} notes")
        print(f"reader alone: {secs:.2f} s = {size_mb / secs:.1f} MB/s per core")
        secs, result = timed_scan(path, Path(tmp) / "case", args.profile)
        print(f"end to end (api.scan, workers=1): {secs:.2f} s = {size_mb / secs:.1f} MB/s per core "
              f"({result.stats.findings} findings, {result.stats.errors} errors)")


if __name__ == "__main__":
    main()
