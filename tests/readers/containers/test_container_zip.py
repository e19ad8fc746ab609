"""ZIP reader: round trips, zip64, nesting, spooling, office sniffing, member limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from container_helpers import child_bytes, ctx_for, run, spool_files

from phiscope.readers.zip import ZipReader, is_office_zip
from phiscope.readers.zip.members import declared_entries

MEMBERS = {
    "notes.txt": b"Patient John Smith, SSN 123-45-6789\n" * 20,
    "exports/2024/bills.csv": b"name,ssn\nJane Roe,219-09-9999\n",
    "empty.dat": b"",
    "deep/dir/tree/ascii.bin": bytes(range(256)) * 4,
}


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED, **kw: object) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression, **kw) as zf:  # type: ignore[arg-type]
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED,
                                         zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_round_trip(tmp_path: Path, compression: int) -> None:
    data = make_zip(MEMBERS, compression)
    result = run(ZipReader(), data, "batch.zip", ctx_for(tmp_path))
    assert result.contents() == MEMBERS
    assert result.issues == []


def test_directories_are_not_members(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.mkdir("folder")
        zf.writestr("folder/a.txt", "a")
    result = run(ZipReader(), buf.getvalue(), "d.zip", ctx_for(tmp_path))
    assert [c.name for c in result.children] == ["folder/a.txt"]


def test_zip64_member_headers(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in MEMBERS.items():
            with zf.open(name, "w", force_zip64=True) as dst:
                dst.write(data)
    data = buf.getvalue()
    assert b"\x01\x00\x10\x00" in data  # zip64 extra field in the local headers
    assert run(ZipReader(), data, "z64.zip", ctx_for(tmp_path)).contents() == MEMBERS


def test_zip64_end_of_central_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)  # makes zipfile write zip64 end records
    data = make_zip(MEMBERS)
    monkeypatch.undo()
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data
    assert declared_entries(io.BytesIO(data)) == len(MEMBERS)
    assert run(ZipReader(), data, "z64.zip", ctx_for(tmp_path)).contents() == MEMBERS


def test_nested_zip_is_a_child_zip(tmp_path: Path) -> None:
    inner = make_zip({"inner/records.csv": b"mrn\n0012345\n"})
    outer = make_zip({"outer.txt": b"hello", "nested/inner.zip": inner})
    ctx = ctx_for(tmp_path)
    result = run(ZipReader(), outer, "outer.zip", ctx)
    child = next(c for c in result.children if c.name == "nested/inner.zip")
    data = child_bytes(child)
    assert data == inner
    assert ZipReader().sniff(data[:8192], child.name) >= 0.9
    assert run(ZipReader(), data, "outer.zip!/nested/inner.zip", ctx).contents() == {
        "inner/records.csv": b"mrn\n0012345\n"}


def test_large_members_are_spooled_to_temp_files(tmp_path: Path) -> None:
    big = bytes(range(256)) * 400  # 100 KiB
    ctx = ctx_for(tmp_path, spool_over_bytes=10_000)
    result = run(ZipReader(), make_zip({"small.txt": b"x" * 100, "big.bin": big}), "s.zip", ctx)
    small, large = result.children
    assert small.data == b"x" * 100 and small.spool_path is None
    assert large.data is None and large.spool_path is not None
    assert Path(large.spool_path).parent == Path(ctx.tmp_dir or "")
    assert "big" not in Path(large.spool_path).name  # anonymous, never named after the member
    assert child_bytes(large) == big
    assert spool_files(ctx) == [Path(large.spool_path)]


def test_too_many_members(tmp_path: Path) -> None:
    data = make_zip({f"m{i}.txt": b"%d" % i for i in range(6)})
    result = run(ZipReader(), data, "many.zip", ctx_for(tmp_path, max_members=3))
    assert [c.name for c in result.children] == ["m0.txt", "m1.txt", "m2.txt"]
    assert "oversized" in result.kinds


def test_sniff_plain_zip_and_office_zips(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    buf = io.BytesIO()
    docx.Document().save(buf)
    doc = buf.getvalue()
    plain = make_zip(MEMBERS)
    odf = make_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
                   zipfile.ZIP_STORED)
    reader = ZipReader()
    assert reader.sniff(plain[:8192], "batch.zip") == 0.9
    assert reader.sniff(plain[:8192], "noext") == 0.9
    assert reader.sniff(doc[:8192], "letter.docx") == 0.1
    assert reader.sniff(doc[:8192], "renamed.bin") == 0.1  # found by its [Content_Types].xml member
    assert reader.sniff(odf[:8192], "x") == 0.1
    assert reader.sniff(plain[:8192], "sheet.xlsx") == 0.1
    assert reader.sniff(b"hello", "notes.txt") == 0.0
    assert is_office_zip(make_zip({"word/document.xml": b"<w/>"}), "x") is True
