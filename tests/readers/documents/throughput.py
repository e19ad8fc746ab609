"""Measure document-reader throughput on generated files (not a test; run by hand):

    .venv/bin/python tests/readers/documents/throughput.py

Prints CSV rows/s and MB/s (200,000 rows x 10 columns), PDF pages/s (200 pages)
and text MB/s (a ~100 MB log), each the best of three runs on one core.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from reportlab.pdfgen import canvas

from phiscope.model import TableBatch, TextUnit
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.csv import CsvReader
from phiscope.readers.pdf import PdfReader
from phiscope.readers.text import TextReader
from phiscope.sources.blob import Blob


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as f:
        f.write("id,first_name,last_name,ssn,dob,phone,email,address,city,notes\n")
        for i in range(rows):
            ssn = f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
            dob = f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            phone = f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
            f.write(f"{i},John{i % 97},Smith{i % 89},{ssn},{dob},{phone},j{i}@example.com,"
                    f'"{rng.randint(1, 9999)} Main St, Apt {i % 50}",Springfield,"note for patient {i}"\n')


def write_pdf(path: Path, pages: int) -> None:
    c = canvas.Canvas(str(path))
    for p in range(pages):
        for i in range(40):
            text = f"Page {p + 1} line {i}: Patient Jane Doe SSN 123-45-{p:04d} MRN {i}"
            c.drawString(40, 780 - 18 * i, text)
        c.showPage()
    c.save()


def write_log(path: Path, megabytes: int) -> None:
    line = "2024-05-01T10:00:00Z INFO user=jdoe patient=Jane Doe ssn=123-45-6789 action=view chart=4411\n"
    block = line * (1_000_000 // len(line))
    with path.open("w", encoding="utf-8") as f:
        for _ in range(megabytes):
            f.write(block)


def best_of(reader: Reader, path: Path, runs: int = 3) -> tuple[float, int, int]:
    """(seconds, table rows, text units) of the fastest run."""
    best = (float("inf"), 0, 0)
    for _ in range(runs):
        start = time.perf_counter()
        rows = units = 0
        for item in reader.read(Blob(str(path), path.name, fs_path=str(path)), ReadContext()):
            rows += item.frame.height if isinstance(item, TableBatch) else 0
            units += isinstance(item, TextUnit)
        best = min(best, (time.perf_counter() - start, rows, units))
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, pdf_path, log_path = Path(tmp, "p.csv"), Path(tmp, "p.pdf"), Path(tmp, "p.log")
        write_csv(csv_path, 200_000)
        write_pdf(pdf_path, 200)
        write_log(log_path, 100)
        secs, rows, _ = best_of(CsvReader(), csv_path)
        mb = csv_path.stat().st_size / 1e6
        print(f"csv : {rows:,} rows, {mb:.1f} MB in {secs:.3f} s = "
              f"{rows / secs:,.0f} rows/s, {mb / secs:.0f} MB/s")
        secs, _, units = best_of(PdfReader(), pdf_path)
        print(f"pdf : 200 pages ({units} units) in {secs:.3f} s = {200 / secs:,.0f} pages/s")
        secs, _, units = best_of(TextReader(), log_path)
        mb = log_path.stat().st_size / 1e6
        print(f"text: {mb:.0f} MB ({units} units) in {secs:.3f} s = {mb / secs:,.0f} MB/s")


if __name__ == "__main__":
    main()
