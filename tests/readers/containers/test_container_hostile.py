"""Hostile archives: bombs, traversal, links, encryption, truncation, garbage — never a crash."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from container_helpers import ctx_for, run, spool_files

from phiscope.errors import DocumentError, ErrorKind
from phiscope.readers.compressed import CompressedReader
from phiscope.readers.tar import TarReader
from phiscope.readers.zip import ZipReader

ZEROS_50MB = b"\x00" * (50 << 20)


def make_zip(members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def make_tar(members: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:  # type: ignore[call-overload]
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tf.addfile(member)
            else:
                info = tarfile.TarInfo(member[0])
                info.size = len(member[1])
                tf.addfile(info, io.BytesIO(member[1]))
    return buf.getvalue()


def link(name: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = "/etc/passwd"
    return info


def test_ratio_bomb_member_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    data = make_zip([("a.txt", b"first"), ("zeros.bin", ZEROS_50MB), ("z.txt", b"last")])
    assert len(data) < 200_000
    ctx = ctx_for(tmp_path)
    result = run(ZipReader(), data, "bomb.zip", ctx)
    assert result.contents() == {"a.txt": b"first", "z.txt": b"last"}
    assert result.kinds == [ErrorKind.ZIP_BOMB]
    assert result.issues[0].loc is not None and result.issues[0].loc.path == "bomb.zip!/zeros.bin"
    assert spool_files(ctx) == []  # the aborted member's bytes were dropped


def test_lying_header_does_not_hide_a_bomb(tmp_path: Path) -> None:
    data = bytearray(make_zip([("zeros.bin", ZEROS_50MB)]))
    central = data.find(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")  # claims 1000 bytes expanded
    result = run(ZipReader(), bytes(data), "liar.zip", ctx_for(tmp_path))
    assert result.children == []
    assert result.kinds in ([ErrorKind.ZIP_BOMB], [ErrorKind.CORRUPT])  # stopped either way


def test_total_expanded_size_stops_the_archive(tmp_path: Path) -> None:
    members = [(f"m{i}.bin", os.urandom(600_000)) for i in range(3)]
    result = run(ZipReader(), make_zip(members), "big.zip", ctx_for(tmp_path, max_total_bytes=1_000_000))
    assert [c.name for c in result.children] == ["m0.bin"]
    assert result.kinds == [ErrorKind.ZIP_BOMB]


def test_member_over_size_limit_is_skipped(tmp_path: Path) -> None:
    members = [("big.bin", os.urandom(50_000)), ("small.txt", b"ok")]
    result = run(ZipReader(), make_zip(members), "m.zip", ctx_for(tmp_path, max_member_bytes=10_000))
    assert result.contents() == {"small.txt": b"ok"}
    assert result.kinds == [ErrorKind.OVERSIZED]


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:\\Windows\\x.dll",
                                  "\\\\server\\share\\x"])
def test_traversal_names_in_zip(tmp_path: Path, name: str) -> None:
    result = run(ZipReader(), make_zip([(name, b"bad"), ("good.txt", b"ok")]), "t.zip", ctx_for(tmp_path))
    assert result.contents() == {"good.txt": b"ok"}
    assert result.kinds == [ErrorKind.PATH_TRAVERSAL]


def test_dotdot_inside_the_archive_is_fine(tmp_path: Path) -> None:
    result = run(ZipReader(), make_zip([("a/../b.txt", b"ok")]), "t.zip", ctx_for(tmp_path))
    assert result.contents() == {"a/../b.txt": b"ok"} and result.issues == []


def test_traversal_and_links_in_tar(tmp_path: Path) -> None:
    device = tarfile.TarInfo("dev/sda")
    device.type = tarfile.CHRTYPE
    members = [("../up.txt", b"bad"), ("/abs.txt", b"bad"), link("sym", tarfile.SYMTYPE),
               link("hard", tarfile.LNKTYPE), device, ("good.txt", b"ok")]
    for mode in ("w", "w:gz"):
        result = run(TarReader(), make_tar(members, mode), "t.tar", ctx_for(tmp_path))
        assert result.contents() == {"good.txt": b"ok"}
        assert result.kinds == [ErrorKind.PATH_TRAVERSAL] * 2 + [ErrorKind.LINK_MEMBER] * 3


def test_symlink_in_zip(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("link")
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    result = run(ZipReader(), make_zip([(info, b"/etc/passwd"), ("ok.txt", b"ok")]), "l.zip",
                 ctx_for(tmp_path))
    assert result.contents() == {"ok.txt": b"ok"}
    assert result.kinds == [ErrorKind.LINK_MEMBER]


def test_encrypted_zip_member(tmp_path: Path) -> None:
    data = bytearray(make_zip([("secret.txt", b"x" * 50), ("open.txt", b"ok")]))
    data[6] |= 0x01  # general-purpose flag bit 0 of the first local header ...
    data[data.find(b"PK\x01\x02") + 8] |= 0x01  # ... and of its central directory entry
    result = run(ZipReader(), bytes(data), "e.zip", ctx_for(tmp_path))
    assert result.contents() == {"open.txt": b"ok"}
    assert result.kinds == [ErrorKind.ENCRYPTED]


def test_damaged_member_data_is_reported_and_the_next_read(tmp_path: Path) -> None:
    data = bytearray(make_zip([("a.bin", os.urandom(5000)), ("b.txt", b"ok")]))
    data[2000] ^= 0xFF  # inside a.bin's data (incompressible: about 5000 bytes long)
    result = run(ZipReader(), bytes(data), "c.zip", ctx_for(tmp_path))
    assert result.contents() == {"b.txt": b"ok"}
    assert result.kinds == [ErrorKind.CORRUPT]


def test_truncated_zip_yields_what_was_readable(tmp_path: Path) -> None:
    data = make_zip([("a.txt", b"alpha" * 100), ("b.txt", b"beta" * 100), ("c.bin", os.urandom(5000))])
    cut = data[: data.find(b"PK\x03\x04", 200) + 2000]  # into c.bin's data
    result = run(ZipReader(), cut, "t.zip", ctx_for(tmp_path))
    assert result.contents() == {"a.txt": b"alpha" * 100, "b.txt": b"beta" * 100}
    assert result.kinds == [ErrorKind.TRUNCATED]


def test_truncated_streamed_zip_with_data_descriptors(tmp_path: Path) -> None:
    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.buf = io.BytesIO()

        def writable(self) -> bool:
            return True

        def write(self, b: bytes) -> int:  # type: ignore[override]
            return self.buf.write(b)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:  # type: ignore[arg-type]
        zf.writestr("a.txt", b"alpha" * 100)
        zf.writestr("b.txt", b"beta" * 100)
    data = sink.buf.getvalue()
    assert data[6] & 0x08  # sizes follow the data
    result = run(ZipReader(), data[: data.find(b"PK\x01\x02") + 10], "s.zip", ctx_for(tmp_path))
    assert result.contents() == {"a.txt": b"alpha" * 100, "b.txt": b"beta" * 100}
    assert result.kinds == [ErrorKind.TRUNCATED]


@pytest.mark.parametrize(("data", "kind"), [
    (b"x", ErrorKind.CORRUPT),
    (b"", ErrorKind.CORRUPT),
    (b"PK\x03\x04\x14\x00", ErrorKind.TRUNCATED),
    (b"this is not a zip file at all" * 10, ErrorKind.CORRUPT),
])
def test_garbage_with_zip_extension(tmp_path: Path, data: bytes, kind: ErrorKind) -> None:
    with pytest.raises(DocumentError) as err:
        run(ZipReader(), data, "garbage.zip", ctx_for(tmp_path))
    assert err.value.kind == kind


def test_tar_gz_bomb(tmp_path: Path) -> None:
    data = make_tar([("first.txt", b"ok"), ("zeros.bin", ZEROS_50MB), ("after.txt", b"x")], "w:gz")
    ctx = ctx_for(tmp_path)
    result = run(TarReader(), data, "b.tar.gz", ctx)
    assert result.contents() == {"first.txt": b"ok"}
    assert result.kinds == [ErrorKind.ZIP_BOMB]
    assert spool_files(ctx) == []


def test_gzip_bomb(tmp_path: Path) -> None:
    result = run(CompressedReader(), gzip.compress(ZEROS_50MB), "z.gz", ctx_for(tmp_path))
    assert result.children == [] and result.kinds == [ErrorKind.ZIP_BOMB]


def test_too_many_tar_members(tmp_path: Path) -> None:
    data = make_tar([(f"m{i}", b"x") for i in range(5)])
    result = run(TarReader(), data, "m.tar", ctx_for(tmp_path, max_members=2))
    assert len(result.children) == 2 and result.kinds == [ErrorKind.OVERSIZED]


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:xz"])
def test_truncated_tar(tmp_path: Path, mode: str) -> None:
    data = make_tar([("a.txt", b"alpha" * 50), ("b.bin", os.urandom(20_000))], mode)
    result = run(TarReader(), data[: len(data) // 2], "t.tar", ctx_for(tmp_path))
    assert result.contents() == {"a.txt": b"alpha" * 50}
    assert result.kinds == [ErrorKind.TRUNCATED]


def test_tar_cut_at_a_header_boundary(tmp_path: Path) -> None:
    data = make_tar([("a.txt", b"a" * 512), ("b.txt", b"b" * 512)])
    result = run(TarReader(), data[:1024], "t.tar", ctx_for(tmp_path))  # a.txt whole, nothing after
    assert result.contents() == {"a.txt": b"a" * 512}
    assert result.kinds == [ErrorKind.TRUNCATED]


def test_garbage_tar(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        run(TarReader(), b"not a tar" * 100, "g.tar", ctx_for(tmp_path))
    assert err.value.kind == ErrorKind.CORRUPT


def test_huge_pax_header_is_not_read_into_memory(tmp_path: Path) -> None:
    pax = tarfile.TarInfo("././@PaxHeader")
    pax.type = tarfile.XHDTYPE
    pax.size = 100 << 20  # tarfile would read a pax header whole
    good = make_tar([("first.txt", b"ok")])[:1024]  # header + data block, no end marker
    data = gzip.compress(good + pax.tobuf(format=tarfile.USTAR_FORMAT) + b"\x00" * pax.size, 1)
    result = run(TarReader(), data, "p.tar.gz", ctx_for(tmp_path))
    assert result.contents() == {"first.txt": b"ok"}
    assert result.kinds == [ErrorKind.OVERSIZED]
