"""Ground truth: every element value the simulator wrote, and where.

One JSON object per line::

    {"file": "archives/batch1.zip!/labs/lab_0003.pdf", "element": "mrn",
     "value": "MRN00123456", "person": "pt-00003", "where": {"page": 1}}

``file`` is relative to the corpus folder; members of archives and e-mail
attachments are joined with ``!/``. ``value`` is the exact string written
(for spreadsheet cells stored as numbers or dates: the number as digits, the
date as ISO ``YYYY-MM-DD``; ``where.cell_type`` says so).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEP = "!/"


@dataclass(frozen=True, slots=True)
class Val:
    """An element value about to be written, and whose it is."""

    element: str
    value: str
    person: str


@dataclass(frozen=True, slots=True)
class Insert:
    """A value written into a file: ``chain`` names the member inside it (archives, attachments)."""

    val: Val
    where: dict[str, Any] = field(default_factory=dict)
    chain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TruthRecord:
    """One inserted value in one place of the corpus."""

    file: str
    element: str
    value: str
    person: str
    where: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """One JSONL line (no trailing newline); ``where`` omitted when empty."""
        obj: dict[str, Any] = {"file": self.file, "element": self.element, "value": self.value,
                               "person": self.person}
        if self.where:
            obj["where"] = self.where
        return json.dumps(obj, ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls, line: str) -> TruthRecord:
        """Parse one JSONL line."""
        obj = json.loads(line)
        return cls(obj["file"], obj["element"], obj["value"], obj["person"], obj.get("where") or {})

    @property
    def member(self) -> str:
        """The innermost file name of the path chain."""
        return self.file.rsplit(SEP, 1)[-1]

    @property
    def fmt(self) -> str:
        """Format of the innermost file: its extension, lower-case, without the dot."""
        name = self.member.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""


@dataclass(slots=True)
class CorpusTruth:
    """Everything a generated corpus contains: files written and values inserted."""

    records: list[TruthRecord] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[TruthRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def count_by_element(self) -> dict[str, int]:
        """Number of inserted values per element slug."""
        return dict(sorted(Counter(r.element for r in self.records).items()))

    def count_by_format(self) -> dict[str, int]:
        """Number of inserted values per innermost file format (``csv``, ``pdf`` ...)."""
        return dict(sorted(Counter(r.fmt for r in self.records).items()))

    def count(self, element: str | None = None, fmt: str | None = None) -> int:
        """Number of values of one element and/or in one format."""
        return sum(1 for r in self.records
                   if (element is None or r.element == element) and (fmt is None or r.fmt == fmt))

    def persons(self) -> set[str]:
        """Ids of everyone with at least one inserted value."""
        return {r.person for r in self.records}

    def by_file(self) -> dict[str, list[TruthRecord]]:
        """Records grouped by path chain, in corpus order."""
        out: dict[str, list[TruthRecord]] = {}
        for r in self.records:
            out.setdefault(r.file, []).append(r)
        return out

    def write_jsonl(self, path: Path) -> None:
        """Write one JSON line per record (UTF-8)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as f:
            for r in self.records:
                f.write(r.to_json() + "\n")

    @classmethod
    def read_jsonl(cls, path: Path) -> CorpusTruth:
        """Load records written by ``write_jsonl`` (``files`` is left empty)."""
        with path.open(encoding="utf-8") as f:
            return cls([TruthRecord.from_json(line) for line in f if line.strip()])

    @staticmethod
    def records_for(path: str, inserts: Iterable[Insert]) -> list[TruthRecord]:
        """Truth records of a file written at ``path`` (relative to the corpus)."""
        return [TruthRecord(SEP.join((path, *i.chain)), i.val.element, i.val.value, i.val.person,
                            dict(i.where)) for i in inserts]
