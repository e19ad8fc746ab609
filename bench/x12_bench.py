"""X12 throughput: the reader alone and end to end (api.scan, one worker), in MB/s per core.

Builds a file of about ``--mb`` MB by repeating the X12 implementation-guide
examples of ../shared/data/x12_edi_samples (837P, 835, 270/271; the
deliberately broken files are left out) with every run of 4+ digits re-drawn
per copy (except in envelope segments), one interchange after another, newline after each terminator.

    .venv/bin/python bench/x12_bench.py [--mb 50] [--profile]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

sys.path.insert(0, str(Path(__file__).parent))
from hl7v2_bench import DATA, run_bench

SAMPLES = DATA / "x12_edi_samples" / "badx12_tr3_examples" / "edi"


def _samples() -> list[str]:
    return [p.read_text().strip().replace("~", "~\n") + "\n" for p in sorted(SAMPLES.glob("*.edi"))]


def main() -> None:
    """Parse arguments and run."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--profile", action="store_true", help="cProfile the end-to-end scan")
    args = ap.parse_args()
    if not SAMPLES.is_dir():
        sys.exit(f"samples not found: {SAMPLES}")
    envelope = ("ISA", "GS", "ST", "SE", "GE", "IEA")  # keep control numbers matching
    run_bench("x12", _samples(), ".edi", args.mb, args.profile, keep=envelope)


if __name__ == "__main__":
    main()
