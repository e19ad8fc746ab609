"""A scan killed with SIGKILL at any point and run again ends with exactly the
findings of an uninterrupted run; and bad inputs become error records."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from phiscope.simulate.corpus import generate

KEY = "test-key-0123456789"
ENV = {**os.environ, "PHISCOPE_KEY": KEY}


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "phiscope", *args]


def _findings(case: Path) -> list[tuple[str, ...]]:
    out = subprocess.run(_cmd("findings", "--case", str(case), "--format", "ndjson"), env=ENV,
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(x) for x in out.splitlines()]
    return sorted(tuple(str(r[k]) for k in ("path", "element", "preview", "row", "offset", "page",
                                            "json_path", "mime_part")) for r in rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("resume")
    generate(root / "corpus", patients=30, seed=5, truth_path=root / "truth.jsonl")
    return root / "corpus"


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, ...]]:
    case = tmp_path_factory.mktemp("ref") / "case"
    subprocess.run(_cmd("scan", str(corpus), "--case", str(case), "-w", "2"), env=ENV, check=True,
                   capture_output=True)
    found = _findings(case)
    assert len(found) > 500
    return found


@pytest.mark.parametrize("delay", [0.5, 1.5, 2.5, 3.5])
def test_sigkill_then_rescan_gives_identical_findings(corpus: Path, reference: list[tuple[str, ...]],
                                                       tmp_path: Path, delay: float) -> None:
    case = tmp_path / "case"
    for attempt in range(2):  # kill twice at the same point, then finish
        proc = subprocess.Popen(_cmd("scan", str(corpus), "--case", str(case), "-w", "2"), env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay + attempt * 0.3)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done = subprocess.run(_cmd("scan", str(corpus), "--case", str(case), "-w", "2"), env=ENV,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _findings(case) == reference


def test_corrupt_file_of_every_format_is_an_error_record(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "ok.txt").write_text("Patient SSN: 123-45-6780\n")
    (bad / "a.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    (bad / "b.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    (bad / "c.docx").write_bytes(b"PK\x03\x04\x14\x00" + os.urandom(200))
    (bad / "d.zip").write_bytes(b"PK\x03\x04" + os.urandom(100))
    (bad / "e.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + os.urandom(100))
    (bad / "f.tar.gz").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(100))
    (bad / "g.json").write_text('{"ssn": "123-45-6780", "broken": [1, 2')
    (bad / "h.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(500))
    (bad / "i.bz2").write_bytes(b"BZh9" + os.urandom(50))
    (bad / "j.xz").write_bytes(b"\xfd7zXZ\x00" + os.urandom(50))
    (bad / "k.eml").write_bytes(b"From: x\nMIME-Version: 1.0\n"
                                b"Content-Type: multipart/mixed; boundary=zz\n\n--zz\n")
    (bad / "l.ods").write_bytes(b"PK\x03\x04" + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
    case = tmp_path / "case"
    proc = subprocess.run(_cmd("scan", str(bad), "--case", str(case)), env=ENV, capture_output=True,
                          text=True)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = json.loads(subprocess.run(_cmd("errors", "--case", str(case), "--format", "json"), env=ENV,
                                       capture_output=True, text=True, check=True).stdout)
    failed = {Path(e["path"]).name for e in errors}
    assert {"a.pdf", "b.xlsx", "c.docx", "d.zip", "e.7z", "f.tar.gz", "h.xls", "i.bz2", "j.xz"} <= failed
    assert all(e["kind"] != "reader-failed" for e in errors), errors
    # what could be read was kept
    assert any(f[1] == "ssn" and f[0].endswith("ok.txt") for f in _findings(case))
