"""Tar (plain and compressed) and single-file gzip/bzip2/xz readers."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import tarfile
from pathlib import Path

import pytest
from container_helpers import child_bytes, ctx_for, run

from phiscope.errors import DocumentError, ErrorKind
from phiscope.readers._container import compression_of, looks_like_tar
from phiscope.readers.compressed import CompressedReader
from phiscope.readers.compressed.single import child_name, gzip_original_name
from phiscope.readers.tar import TarReader

MEMBERS = {
    "./export/patients.csv": b"name,dob\nJohn Smith,1960-01-02\n",
    "notes.txt": b"MRN 0012345\n" * 300,
    "empty": b"",
}
EXPECTED = {name.removeprefix("./"): data for name, data in MEMBERS.items()}
TAR_MODES = {"w": "x.tar", "w:gz": "x.tar.gz", "w:bz2": "x.tar.bz2", "w:xz": "x.tar.xz"}


def make_tar(mode: str, members: dict[str, bytes] = MEMBERS, fmt: int = tarfile.PAX_FORMAT) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=fmt) as tf:  # type: ignore[call-overload]
        folder = tarfile.TarInfo("export")
        folder.type = tarfile.DIRTYPE
        tf.addfile(folder)
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize(("mode", "name"), TAR_MODES.items())
def test_tar_round_trip(tmp_path: Path, mode: str, name: str) -> None:
    data = make_tar(mode)
    assert TarReader().sniff(data[:8192], name) >= 0.92
    result = run(TarReader(), data, name, ctx_for(tmp_path))
    assert result.contents() == EXPECTED
    assert result.issues == []


@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.USTAR_FORMAT])
def test_tar_formats_and_long_names(tmp_path: Path, fmt: int) -> None:
    long_name = "d/" + "x" * 90 + "/file.txt"
    data = make_tar("w", {long_name: b"long"}, fmt)
    assert run(TarReader(), data, "f.tar", ctx_for(tmp_path)).contents() == {long_name: b"long"}


@pytest.mark.parametrize(("mode", "name"), [("w:gz", "backup.gz"), ("w:bz2", "backup.bz2"),
                                            ("w:xz", "backup.xz")])
def test_compressed_tar_is_expanded_by_the_compressed_reader_too(tmp_path: Path, mode: str,
                                                                 name: str) -> None:
    data = make_tar(mode)
    result = run(CompressedReader(), data, name, ctx_for(tmp_path))
    assert result.contents() == EXPECTED  # members, not one opaque tar


def test_tar_sniff_wins_over_compressed_for_a_tar_gz() -> None:
    head = make_tar("w:gz")[:8192]
    assert TarReader().sniff(head, "a.gz") > CompressedReader().sniff(head, "a.gz")
    plain_gz = gzip.compress(b"a,b\n1,2\n")
    assert TarReader().sniff(plain_gz, "r.csv.gz") == 0.0
    assert CompressedReader().sniff(plain_gz, "r.csv.gz") == 0.9


def test_large_tar_member_spooled(tmp_path: Path) -> None:
    big = os.urandom(300_000)
    ctx = ctx_for(tmp_path, spool_over_bytes=50_000)
    result = run(TarReader(), make_tar("w:gz", {"big.bin": big, "s.txt": b"s"}), "b.tgz", ctx)
    spooled = next(c for c in result.children if c.name == "big.bin")
    assert spooled.spool_path is not None and child_bytes(spooled) == big


def test_old_v7_tar_header_is_recognised() -> None:
    block = bytearray(make_tar("w", {"a.txt": b"a"}, tarfile.USTAR_FORMAT)[1024:1536])  # a.txt header
    block[257:265] = b"\x00" * 8  # no ustar magic
    block[148:156] = b" " * 8
    block[148:155] = b"%06o\x00" % sum(block)
    assert looks_like_tar(bytes(block))
    block[0] ^= 1
    assert not looks_like_tar(bytes(block))
    assert not looks_like_tar(b"\x00" * 512)


@pytest.mark.parametrize(("compress", "suffix"), [(gzip.compress, ".gz"), (bz2.compress, ".bz2"),
                                                  (lzma.compress, ".xz")])
def test_single_file_round_trip(tmp_path: Path, compress: object, suffix: str) -> None:
    payload = b"name,ssn\nJohn Smith,123-45-6789\n" * 1000
    data = compress(payload)  # type: ignore[operator]
    assert compression_of(data) is not None
    result = run(CompressedReader(), data, "export.csv" + suffix, ctx_for(tmp_path))
    assert result.contents() == {"export.csv": payload}
    assert result.issues == []


def test_child_names() -> None:
    named = gzip.GzipFile(filename="dir/original.csv", mode="wb", fileobj=(buf := io.BytesIO()))
    named.write(b"x")
    named.close()
    head = buf.getvalue()
    assert gzip_original_name(head) == "original.csv"
    assert child_name("report.csv.gz", head, "gzip") == "report.csv"
    assert child_name("blob.gz", head, "gzip") == "original.csv"
    assert child_name("blob.gz", gzip.compress(b"x"), "gzip") == "blob"
    assert child_name("data.tgz", b"", "gzip") == "data.tar"
    assert child_name("noext", b"", "xz") == "noext.out"


def test_truncated_gzip_yields_the_readable_part(tmp_path: Path) -> None:
    payload = os.urandom(200_000)
    data = gzip.compress(payload)
    result = run(CompressedReader(), data[:150_000], "cut.bin.gz", ctx_for(tmp_path))
    (child,) = result.children
    got = child_bytes(child)
    assert 50_000 < len(got) < 150_000 and payload.startswith(got)
    assert result.kinds == [ErrorKind.TRUNCATED]


@pytest.mark.parametrize(("data", "kind"), [
    (gzip.compress(b"abc")[:10], ErrorKind.TRUNCATED),
    (gzip.compress(b"abc")[:10] + b"\xff" * 40, ErrorKind.CORRUPT),
    (b"plain text, not compressed", ErrorKind.CORRUPT),
])
def test_unreadable_compressed_files(tmp_path: Path, data: bytes, kind: ErrorKind) -> None:
    with pytest.raises(DocumentError) as err:
        run(CompressedReader(), data, "bad.gz", ctx_for(tmp_path))
    assert err.value.kind == kind


def test_non_tar_behind_a_tar_extension_falls_back_to_one_file(tmp_path: Path) -> None:
    data = bz2.compress(b"just text, no tar inside\n" * 10)
    assert TarReader().sniff(data, "fake.tar.bz2") == 0.92
    result = run(TarReader(), data, "fake.tar.bz2", ctx_for(tmp_path))
    assert result.contents() == {"fake.tar": b"just text, no tar inside\n" * 10}
