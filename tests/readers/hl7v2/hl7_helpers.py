"""Helpers for the HL7 v2 reader tests (imported by name)."""

from __future__ import annotations

from pathlib import Path

from phiscope.model import ReadItem, Record
from phiscope.readers.base import ReadContext
from phiscope.readers.hl7v2 import Hl7v2Reader
from phiscope.sources.blob import Blob

SAMPLES = Path(__file__).parents[3] / ".." / "shared" / "data" / "ms_fhir_converter_samples" / "Hl7v2"


def read(data: bytes, name: str = "msgs.hl7") -> list[ReadItem]:
    """Every item the reader yields for in-memory bytes."""
    return list(Hl7v2Reader().read(Blob(display_path=f"case/{name}", name=name, data=data), ReadContext()))


def records(items: list[ReadItem]) -> dict[str, Record]:
    """Records by key."""
    return {i.key: i for i in items if isinstance(i, Record)}


def values(rec: Record) -> set[tuple[str | None, str | None, str]]:
    """(column, element, value) of each field."""
    return {(f.loc.column, f.element, f.value) for f in rec.fields}
