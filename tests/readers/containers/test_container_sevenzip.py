"""7z reader (py7zr): round trip, encryption, damage, limits, missing extra."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from container_helpers import child_bytes, ctx_for, run, spool_files

from phiscope.errors import DocumentError, ErrorKind
from phiscope.readers.sevenzip import INSTALL_HINT, SevenZipReader
from phiscope.sources.blob import Blob

py7zr = pytest.importorskip("py7zr")

MEMBERS = {
    "a.txt": b"Patient Jane Roe\n",
    "dir/b.csv": b"name,mrn\nJane,0012345\n",
    "empty.txt": b"",
    "rand.bin": os.urandom(30_000),
}


def make_7z(tmp_path: Path, members: dict[str, bytes], **kw: object) -> bytes:
    path = tmp_path / "archive.7z"
    with py7zr.SevenZipFile(path, "w", **kw) as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return path.read_bytes()


def test_round_trip(tmp_path: Path) -> None:
    data = make_7z(tmp_path, MEMBERS)
    assert SevenZipReader().sniff(data[:8192], "x") == 0.95
    result = run(SevenZipReader(), data, "a.7z", ctx_for(tmp_path))
    assert result.contents() == MEMBERS
    assert result.issues == []


def test_members_over_the_memory_allowance_are_spooled(tmp_path: Path) -> None:
    ctx = ctx_for(tmp_path, spool_over_bytes=20_000)
    result = run(SevenZipReader(), make_7z(tmp_path, MEMBERS), "a.7z", ctx)
    spooled = [c for c in result.children if c.spool_path]
    assert [c.name for c in spooled] == ["rand.bin"]
    assert child_bytes(spooled[0]) == MEMBERS["rand.bin"]
    assert len(spool_files(ctx)) == 1


@pytest.mark.parametrize("header_encryption", [False, True])
def test_password_protected(tmp_path: Path, header_encryption: bool) -> None:
    data = make_7z(tmp_path, {"s.txt": b"secret"}, password="pw", header_encryption=header_encryption)
    with pytest.raises(DocumentError) as err:
        run(SevenZipReader(), data, "e.7z", ctx_for(tmp_path))
    assert err.value.kind == ErrorKind.ENCRYPTED


def test_bomb(tmp_path: Path) -> None:
    data = make_7z(tmp_path, {"a.txt": b"first", "zeros.bin": b"\x00" * (5 << 20)})
    ctx = ctx_for(tmp_path)
    result = run(SevenZipReader(), data, "b.7z", ctx)
    assert result.contents() == {"a.txt": b"first"}
    assert result.kinds == [ErrorKind.ZIP_BOMB]
    assert len(spool_files(ctx)) == 0


def test_traversal_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(py7zr.py7zr, "check_archive_path", lambda name: True)  # let py7zr write it
    data = make_7z(tmp_path, {"../evil.txt": b"bad", "/abs.txt": b"bad", "ok.txt": b"ok"})
    monkeypatch.undo()
    result = run(SevenZipReader(), data, "t.7z", ctx_for(tmp_path))
    assert result.contents() == {"ok.txt": b"ok"}
    assert result.kinds == [ErrorKind.PATH_TRAVERSAL] * 2


@pytest.mark.parametrize(("cut", "kind"), [(20, ErrorKind.TRUNCATED), (-10, ErrorKind.TRUNCATED)])
def test_truncated(tmp_path: Path, cut: int, kind: ErrorKind) -> None:
    data = make_7z(tmp_path, MEMBERS)
    with pytest.raises(DocumentError) as err:
        run(SevenZipReader(), data[:cut], "t.7z", ctx_for(tmp_path))
    assert err.value.kind == kind


def test_damaged_body(tmp_path: Path) -> None:
    data = bytearray(make_7z(tmp_path, {"rand.bin": os.urandom(20_000)}))
    data[5000] ^= 0xFF
    with pytest.raises(DocumentError) as err:
        run(SevenZipReader(), bytes(data), "d.7z", ctx_for(tmp_path))
    assert err.value.kind == ErrorKind.CORRUPT


def test_missing_py7zr_gives_the_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "py7zr" else real(name, *a))
    with pytest.raises(DocumentError) as err:
        run(SevenZipReader(), b"7z\xbc\xaf\x27\x1c" + b"\x00" * 30, "a.7z", ctx_for(tmp_path))
    assert err.value.kind == ErrorKind.UNSUPPORTED
    assert err.value.message == INSTALL_HINT == "7z support needs: pip install 'phiscope[sevenzip]'"


def test_stopping_early_leaves_no_temp_files(tmp_path: Path) -> None:
    ctx = ctx_for(tmp_path, spool_over_bytes=0)
    items = SevenZipReader().read(Blob("a.7z", "a.7z", data=make_7z(tmp_path, MEMBERS)), ctx)
    first = next(items)
    assert first.spool_path is not None  # type: ignore[union-attr]
    items.close()  # type: ignore[attr-defined]
    assert spool_files(ctx) == [Path(first.spool_path)]  # type: ignore[union-attr]


def test_py7zr_is_imported_only_when_a_7z_is_read() -> None:
    code = ("import sys, phiscope.readers.sevenzip, phiscope.readers.zip, phiscope.readers.tar; "
            "print('py7zr' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
