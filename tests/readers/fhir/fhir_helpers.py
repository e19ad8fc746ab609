"""Helpers for the FHIR and C-CDA reader tests (imported by name; no fixtures here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope.model import ReadItem, Record
from phiscope.readers.base import ReadContext, Reader
from phiscope.sources.blob import Blob

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


def data_dir(name: str) -> Path:
    """A folder of ../shared/data, or skip the test when it is absent."""
    path = DATA / name
    if not path.is_dir():
        pytest.skip(f"shared data folder {name} is absent")
    return path


def blob_of(data: bytes, name: str) -> Blob:
    """An in-memory blob."""
    return Blob(display_path=f"case/{name}", name=name, data=data)


def file_blob(path: Path) -> Blob:
    """A blob on disk."""
    return Blob(display_path=str(path), name=path.name, fs_path=str(path))


def read_items(reader: Reader, blob: Blob, ctx: ReadContext | None = None) -> list[ReadItem]:
    """Every item the reader yields."""
    return list(reader.read(blob, ctx or ReadContext()))


def records(items: list[ReadItem]) -> list[Record]:
    """The records among the items."""
    return [i for i in items if isinstance(i, Record)]


def fields_by_key(items: list[ReadItem]) -> dict[str, dict[str | None, list[str]]]:
    """``key → element → values`` over all records (records with one key merged)."""
    out: dict[str, dict[str | None, list[str]]] = {}
    for rec in records(items):
        per = out.setdefault(rec.key, {})
        for f in rec.fields:
            per.setdefault(f.element, []).append(f.value)
    return out


def roles(items: list[ReadItem]) -> dict[str, str | None]:
    """``key → role`` of the records."""
    return {r.key: r.role for r in records(items)}
