"""Ground truth: every element value the simulator wrote, and where.

One JSON object per line::

    {"file": "archives/batch1.zip!/labs/lab_0003.pdf", "element": "mrn",
     "value": "MRN00123456", "person": "pt-00003", "where": {"page": 1}}

``file`` is relative to the corpus folder; members of archives and e-mail
attachments are joined with ``!/``. ``value`` is the exact string written
(for spreadsheet cells stored as numbers or dates: the number as digits, the
date as ISO ``YYYY-MM-DD``; ``where.cell_type`` says so).

``write_truth_dir`` also writes the truth as a folder of Parquet tables (the
format ``phiscope eval`` reads, see ``phiscope.eval``)::

    persons.parquet      person_id, kind, and every attribute the simulator knows
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

    def file_rows(self) -> list[dict[str, Any]]:
        """One row per file and per member chain holding values: ``file, top_level, has_phi, occurrences``."""
        per_chain = Counter(r.file for r in self.records)
        per_top = Counter(r.file.split(SEP, 1)[0] for r in self.records)
        rows = [{"file": f, "top_level": True, "has_phi": per_top[f] > 0, "occurrences": per_chain[f]}
                for f in self.files]
        rows += [{"file": c, "top_level": False, "has_phi": True, "occurrences": n}
                 for c, n in per_chain.items() if SEP in c]
        return sorted(rows, key=lambda r: str(r["file"]))

    def occurrence_rows(self) -> list[dict[str, Any]]:
        """One row per record with its typed location columns (see ``LOCATION_FIELDS``)."""
        rows = []
        for i, r in enumerate(self.records):
            row: dict[str, Any] = {"occurrence_id": i, "person_id": r.person or None, "file": r.file,
                                   "element": r.element, "value": r.value}
            for name, kind in LOCATION_FIELDS.items():
                v = r.where.get(name)
                row[name] = None if v is None else (int(v) if kind == "int" else str(v))
            row["where"] = json.dumps(r.where, ensure_ascii=False, sort_keys=True) if r.where else None
            rows.append(row)
        return rows


def write_truth_dir(truth: CorpusTruth, persons: list[dict[str, Any]], out: Path,
                    meta: dict[str, Any]) -> None:
    """Write the truth folder (Parquet tables and ``truth.json``) into ``out``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    locations = [(n, pa.int64() if k == "int" else pa.string()) for n, k in LOCATION_FIELDS.items()]
    occ_schema = pa.schema([("occurrence_id", pa.int64()), ("person_id", pa.string()), ("file", pa.string()),
                            ("element", pa.string()), ("value", pa.string()), *locations,
                            ("where", pa.string())])
    files_schema = pa.schema([("file", pa.string()), ("top_level", pa.bool_()), ("has_phi", pa.bool_()),
                              ("occurrences", pa.int64())])
    file_rows = truth.file_rows()
    occurrences = pa.Table.from_pylist(truth.occurrence_rows(), schema=occ_schema)
    pq.write_table(occurrences, out / "occurrences.parquet")
    pq.write_table(pa.Table.from_pylist(file_rows, schema=files_schema), out / "files.parquet")
    names = list(dict.fromkeys(k for row in persons for k in row))  # union of columns, first-seen order
    person_cols = {n: pa.array([row.get(n) for row in persons], type=pa.string()) for n in names}
    pq.write_table(pa.table(person_cols), out / "persons.parquet")
    counts = {"files": sum(1 for r in file_rows if r["top_level"]), "documents": len(file_rows),
              "phi_files": sum(1 for r in file_rows if r["top_level"] and r["has_phi"]),
              "persons": len(persons), "occurrences": len(truth.records),
              "by_element": truth.count_by_element()}
    info = {"format": TRUTH_FORMAT, "version": TRUTH_VERSION, **meta, "counts": counts}
    (out / "truth.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
