"""Ground truth: every element value the simulator wrote, and where.

One JSON object per line::

    {"file": "archives/batch1.zip!/labs/lab_0003.pdf", "element": "mrn",
     "value": "MRN00123456", "person": "pt-00003", "where": {"page": 1}}

``file`` is relative to the corpus folder; members of archives and e-mail
attachments are joined with ``!/``. ``value`` is the exact string written
(for spreadsheet cells stored as numbers or dates: the number as digits, the
date as ISO ``YYYY-MM-DD``; ``where.cell_type`` says so).

``phiscope.simulate.truthdir`` also writes the truth as a folder of Parquet
tables (the format ``phiscope eval`` reads, see ``phiscope.eval``)::

    persons.parquet      person_id, kind, and every attribute the simulator knows (household,
                         twin, date of death, previous address, nickname, maiden name, aliases)
    occurrences.parquet  occurrence_id, person_id, file, element, value, page, sheet,
                         row, column, line, json_path, offset, length, where (JSON)
    files.parquet        file, top_level, has_phi, occurrences (every file; members
                         of archives and attachments that hold values too)
    truth.json           format, version, corpus name, seed, patients, counts

The simulator does not know character offsets: ``offset``/``length`` are null.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

TRUTH_FORMAT = "phiscope-truth"
TRUTH_VERSION = 1
#: location columns of occurrences.parquet that are typed (the rest stay in ``where``)
LOCATION_FIELDS: dict[str, str] = {"page": "int", "sheet": "str", "row": "int", "column": "str",
                                   "line": "int", "json_path": "str", "offset": "int", "length": "int"}

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


class JsonlRecords(Sequence[TruthRecord]):
    """The records of a truth JSONL file, read on demand (a large corpus's truth does not fit in memory).

    ``len`` is known without reading; iterating streams the file; indexing
    loads every record once.
    """

    def __init__(self, path: Path, length: int) -> None:
        self._path, self._length = path, length
        self._loaded: list[TruthRecord] | None = None

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[TruthRecord]:
        if self._loaded is not None:
            yield from self._loaded
            return
        with self._path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield TruthRecord.from_json(line)

    @overload
    def __getitem__(self, index: int) -> TruthRecord: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[TruthRecord]: ...
    def __getitem__(self, index: int | slice) -> TruthRecord | Sequence[TruthRecord]:
        if self._loaded is None:
            self._loaded = list(self)
        return self._loaded[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


@dataclass(slots=True)
class CorpusTruth:
    """Everything a generated corpus contains: files written and values inserted.

    ``counts`` (values per element) and ``truth_dir`` are set for a generated
    corpus, so that counting needs no pass over the records.
    """

    records: Sequence[TruthRecord] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] | None = None
    truth_dir: Path | None = None

    def __iter__(self) -> Iterator[TruthRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def count_by_element(self) -> dict[str, int]:
        """Number of inserted values per element slug."""
        if self.counts is not None:
            return dict(sorted(self.counts.items()))
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
        if self.truth_dir is not None:
            import pyarrow.compute as pc
            import pyarrow.parquet as pq

            column = pq.read_table(self.truth_dir / "occurrences.parquet", columns=["person_id"]).column(0)
            return {p for p in pc.unique(column).to_pylist() if p}
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
