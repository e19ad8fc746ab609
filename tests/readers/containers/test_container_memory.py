"""Large archive members are copied in chunks: Python memory stays far below the member size."""

from __future__ import annotations

import gzip
import tarfile
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from container_helpers import child_bytes, ctx_for

from phiscope.model import ChildBlob
from phiscope.readers.base import Reader
from phiscope.readers.compressed import CompressedReader
from phiscope.readers.tar import TarReader
from phiscope.readers.zip import ZipReader
from phiscope.sources.blob import Blob

SIZE = 40 << 20
CHUNK = b"0123456789abcdef" * 4096  # 64 KiB, compresses well (quick to build and read)


def write_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("big.txt", "w") as dst:
        for _ in range(SIZE // len(CHUNK)):
            dst.write(CHUNK)


def write_tgz(path: Path) -> None:
    (tmp := path.with_suffix(".raw")).write_bytes(CHUNK * (SIZE // len(CHUNK)))
    with tarfile.open(path, "w:gz") as tf:
        tf.add(tmp, arcname="big.txt")


def write_gz(path: Path) -> None:
    with gzip.open(path, "wb") as out:
        for _ in range(SIZE // len(CHUNK)):
            out.write(CHUNK)


@pytest.mark.parametrize(("writer", "reader", "name"), [
    (write_zip, ZipReader(), "big.zip"), (write_tgz, TarReader(), "big.tgz"),
    (write_gz, CompressedReader(), "big.txt.gz")])
def test_big_member_is_streamed_to_a_spool_file(tmp_path: Path, writer: Callable[[Path], None],
                                                reader: Reader, name: str) -> None:
    path = tmp_path / name
    writer(path)
    ctx = ctx_for(tmp_path, spool_over_bytes=1 << 20, max_ratio=1e9)
    tracemalloc.start()
    try:
        items = list(reader.read(Blob(display_path=name, name=name, fs_path=str(path)), ctx))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (child,) = items
    assert isinstance(child, ChildBlob) and child.spool_path is not None
    assert Path(child.spool_path).stat().st_size == SIZE
    assert child_bytes(child)[: len(CHUNK)] == CHUNK
    assert peak < 8 << 20, f"peak Python allocation {peak / 2**20:.1f} MiB"
