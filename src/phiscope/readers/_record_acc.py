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
