"""A structured record being filled by a reader (HL7 v2, X12): its key, role and fields so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from phiscope.model import Record, RecordField


@dataclass(slots=True)
class Acc:
    """A record being filled: its key, role and fields so far."""

    key: str
    role: str
    fields: list[RecordField] = field(default_factory=list)

    def record(self) -> Record:
        """The finished record."""
        return Record(self.key, self.role, tuple(self.fields))


#: (segment, field, label) combinations a document's label cache keeps (labels can come from the
#: data: OBX-3 observation names, X12 qualifiers)
MAX_LABELS = 4096


@dataclass(slots=True)
class Labels:
    """The (column, full label) strings of a document's fields, built once per (segment name, field
    number, label) and bounded; ``column`` formats a segment name and field number (``PID-5``,
    ``NM103``)."""

    _cache: dict[tuple[str, int, str], tuple[str, str]] = field(default_factory=dict)

    def get(self, segment: str, n: int, label: str, column: str) -> tuple[str, str]:
        """(column, ``column label``) of one field; ``column`` is used when the key is new."""
        key = (segment, n, label)
        names = self._cache.get(key)
        if names is None:
            if len(self._cache) >= MAX_LABELS:
                self._cache.clear()
            names = self._cache[key] = (column, f"{column} {label}")
        return names
