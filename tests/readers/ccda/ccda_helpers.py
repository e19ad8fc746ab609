"""Helpers for the C-CDA reader tests (imported by name; no fixtures here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope.model import ReadItem, Record
from phiscope.readers.base import ReadContext
from phiscope.readers.ccda import CcdaReader
from phiscope.sources.blob import Blob

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
READER = CcdaReader()


def ccda_dir() -> Path:
    """The C-CDA samples folder, or skip the test when it is absent."""
    path = DATA / "ms_fhir_converter_samples" / "Ccda"
    if not path.is_dir():
        pytest.skip("shared data folder ms_fhir_converter_samples is absent")
    return path


def read(data: bytes, name: str = "doc.ccda", ctx: ReadContext | None = None) -> list[ReadItem]:
    """Every item the reader yields for in-memory bytes."""
    return list(READER.read(Blob(display_path=f"case/{name}", name=name, data=data), ctx or ReadContext()))


def read_file(path: Path) -> list[ReadItem]:
    """Every item the reader yields for a file."""
    return list(READER.read(Blob(display_path=str(path), name=path.name, fs_path=str(path)), ReadContext()))


def by_key(items: list[ReadItem]) -> dict[str, tuple[str | None, dict[str | None, list[str]]]]:
    """``key → (role, element → values)``."""
    out: dict[str, tuple[str | None, dict[str | None, list[str]]]] = {}
    for rec in items:
        if isinstance(rec, Record):
            per: dict[str | None, list[str]] = {}
            for f in rec.fields:
                per.setdefault(f.element, []).append(f.value)
            out[rec.key] = (rec.role, per)
    return out
