"""DICOM header throughput: the reader alone and end to end (api.scan, one worker), in files/s per core.

Writes ``--files`` simulated images (the simulator's DICOM writer: patient,
study, physicians, institution, an 8x8 pixel array, a few KB each) and, with
``--pixels``, pads each pixel array to that many bytes (the reader must not
read it: throughput should not move).

    .venv/bin/python bench/dicom_bench.py [--files 2000] [--pixels 0] [--profile]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

from _timing import timed_scan  # bench/ is on sys.path when a bench runs as a script

from phiscope.model import ReadIssue, Record
from phiscope.readers.base import ReadContext
from phiscope.readers.registry import load_readers
from phiscope.simulate.population import World
from phiscope.simulate.writers.dicom import dicom_image
from phiscope.sources.blob import Blob


def write_files(folder: Path, count: int, pixels: int, seed: int = 7) -> list[Path]:
    """``count`` simulated images under ``folder`` (one per patient), pixel data padded to ``pixels``."""
    world = World(count, seed)
    pop, rng = world.population(), random.Random(seed)
    paths = []
    for i in range(count):
        gf = dicom_image(world.patient(i), pop, world.dx, rng, f"study_{i:05d}/IM_0001.dcm")
        data = gf.data + (b"\0" * (pixels - 64) if pixels > 64 else b"")
        if pixels > 64:  # the last element is the 64-byte PixelData: widen its length to match
            at = len(gf.data) - 64 - 4
            data = data[:at] + pixels.to_bytes(4, "little") + data[at + 4:]
        path = folder / gf.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def reader_pass(paths: list[Path]) -> tuple[float, int, int, int]:
    """Seconds to read every file; records, fields and issues."""
    reader = load_readers().by_id("dicom")
    records = fields = issues = 0
    t0 = time.perf_counter()
    for path in paths:
        for item in reader.read(Blob(str(path), path.name, fs_path=str(path)), ReadContext()):
            if isinstance(item, Record):
                records += 1
                fields += len(item.fields)
            elif isinstance(item, ReadIssue):
                issues += 1
    return time.perf_counter() - t0, records, fields, issues


def main() -> None:
    """Parse arguments and run."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--pixels", type=int, default=0, help="pixel data bytes per file (default: 64)")
    ap.add_argument("--profile", action="store_true", help="cProfile the end-to-end scan")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "imaging"
        paths = write_files(folder, args.files, args.pixels)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        secs, records, fields, issues = reader_pass(paths)
        assert issues == 0, f"{issues} read issues in the bench input"
        print(f"dicom: {len(paths)} files, {size_mb:.1f} MB, {records} records, {fields} fields")
        print(f"reader alone: {secs:.2f} s = {len(paths) / secs:.0f} files/s per core")
        secs, result = timed_scan(folder, Path(tmp) / "case", args.profile)
        print(f"end to end (api.scan, workers=1): {secs:.2f} s = {len(paths) / secs:.0f} files/s per core "
              f"({result.stats.findings} findings, {result.stats.errors} errors)")


if __name__ == "__main__":
    main()
