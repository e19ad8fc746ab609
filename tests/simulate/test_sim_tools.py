"""The simulator's files open in the ordinary tools a person would use.

LibreOffice (headless) converts the DOCX and XLSX files to PDF, ``pdftotext``
reads every PDF (the simulator's and LibreOffice's), and Python's ``mailbox``
reads the MBOX with the attachments the truth names. The tools come from
``scripts/install-test-tools.sh``; without them the tests are skipped.
"""

from __future__ import annotations

import mailbox
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from phiscope.simulate import CorpusTruth, generate
from phiscope.simulate.truth import SEP

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) and/or poppler's pdftotext are not installed: "
           "run scripts/install-test-tools.sh")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusTruth]:
    base = tmp_path_factory.mktemp("tools")
    truth = generate(base / "corpus", 12, 4, formats=["docx", "xlsx", "pdf", "email"])
    return base, truth


def _pdftotext(pdf: Path) -> str:
    assert PDFTOTEXT is not None
    done = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    return done.stdout


def _values(truth: CorpusTruth) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in truth:
        out[r.file].add(r.value)
    return out


def test_libreoffice_converts_docx_and_xlsx_to_pdf(small: tuple[Path, CorpusTruth], tmp_path: Path) -> None:
    base, truth = small
    sources = sorted(p for p in (base / "corpus").rglob("*") if p.suffix in (".docx", ".xlsx"))
    assert {p.suffix for p in sources} == {".docx", ".xlsx"}
    assert SOFFICE is not None
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: no clash with a running office
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path / "out"), *map(str, sources)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-1000:]
    values = _values(truth)
    for src in sources:
        pdf = tmp_path / "out" / (src.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, src.name
        text = _pdftotext(pdf)
        mine = values[src.relative_to(base / "corpus").as_posix()]
        # text values as written survive the conversion (numbers/dates stored as such are re-rendered)
        names = {v for v in mine if v.replace(" ", "").replace(",", "").replace("-", "").isalpha()}
        assert names and sum(v in text for v in names) >= 0.9 * len(names), src.name


def test_pdftotext_reads_every_simulated_pdf(small: tuple[Path, CorpusTruth]) -> None:
    base, truth = small
    values = _values(truth)
    pdfs = sorted((base / "corpus").rglob("*.pdf"))
    assert len(pdfs) >= 3
    for pdf in pdfs:
        text = " ".join(_pdftotext(pdf).split())
        for value in values[pdf.relative_to(base / "corpus").as_posix()]:
            assert " ".join(value.split()) in text, (pdf.name, value)


def test_python_mailbox_reads_the_mbox(small: tuple[Path, CorpusTruth]) -> None:
    base, truth = small
    box = mailbox.mbox(base / "corpus" / "mail" / "archive.mbox", create=False)
    try:
        messages = list(box)
        attachments = {f"msg{n}/{part.get_filename()}" for n, msg in enumerate(messages, 1)
                       for part in msg.walk() if part.get_filename()}
    finally:
        box.close()
    assert len(messages) >= 3 and all(m["From"] and m["Subject"] for m in messages)
    records = [r for r in truth if r.file.startswith("mail/archive.mbox")]
    in_bodies = [r for r in records if SEP not in r.file]
    assert in_bodies and all(1 <= r.where["message"] <= len(messages) for r in in_bodies)
    members = {r.file.split(SEP)[1] for r in records if SEP in r.file}
    assert members and members <= attachments  # archive.mbox!/msg<n>/<filename>, n from 1 in file order
