"""Helpers for the X12 reader tests (imported by name)."""

from __future__ import annotations

from pathlib import Path

from phiscope.model import ReadItem, Record
from phiscope.readers.base import ReadContext
from phiscope.readers.x12 import X12Reader
from phiscope.sources.blob import Blob

SAMPLES = Path(__file__).parents[3] / ".." / "shared" / "data" / "x12_edi_samples" / "badx12_tr3_examples"


def read_x12(data: bytes, name: str = "claims.edi") -> list[ReadItem]:
    """Every item the reader yields for in-memory bytes."""
    return list(X12Reader().read(Blob(display_path=f"case/{name}", name=name, data=data), ReadContext()))


def x12_records(items: list[ReadItem]) -> dict[str, Record]:
    """Records by key."""
    return {i.key: i for i in items if isinstance(i, Record)}


def x12_values(rec: Record) -> set[tuple[str | None, str | None, str]]:
    """(column, element, value) of each field."""
    return {(f.loc.column, f.element, f.value) for f in rec.fields}
