"""Where a generation job puts its output: files into the corpus, truth into part files.

Each job (a table family of one shard, the PDFs of one shard, the mailbox ...)
gets a ``PartSink``. Truth records are buffered and flushed in batches to a
JSONL part and a Parquet part, so memory stays bounded however large the
corpus; ``truthdir.merge`` joins the parts in job order afterwards.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.truth import LOCATION_FIELDS, SEP, Val

FLUSH_EVERY = 50_000
_STR = json.encoder.encode_basestring
_WHERE = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def part_schema() -> Any:
    """Arrow schema of an occurrences part (``occurrence_id`` is added when parts are merged)."""
    import pyarrow as pa

    locations = [(n, pa.int64() if k == "int" else pa.string()) for n, k in LOCATION_FIELDS.items()]
    return pa.schema([("person_id", pa.string()), ("file", pa.string()), ("element", pa.string()),
                      ("value", pa.string()), *locations, ("where", pa.string())])


@dataclass(slots=True)
class PartSummary:
    """What one job wrote: files, values per path chain and per element, and its truth parts."""

    part: int
    files: list[str] = field(default_factory=list)
    chains: dict[str, int] = field(default_factory=dict)
    by_element: dict[str, int] = field(default_factory=dict)
    records: int = 0
    jsonl: Path | None = None
    occurrences: Path | None = None
    persons: Path | None = None


class PartSink:
    """Writes a job's files under ``out_dir`` and its truth records into ``parts_dir``."""

    def __init__(self, out_dir: Path, parts_dir: Path, part: int) -> None:
        self.out_dir = out_dir
        self.summary = PartSummary(part, jsonl=parts_dir / f"part-{part:05d}.jsonl",
                                   occurrences=parts_dir / f"part-{part:05d}.occ.parquet")
        assert self.summary.jsonl is not None
        self._jsonl = self.summary.jsonl.open("w", encoding="utf-8", newline="\n")
        self._writer: Any = None
        self._buf: list[tuple[str, Val, dict[str, Any]]] = []
        self._chains: Counter[str] = Counter()
        self._elements: Counter[str] = Counter()

    def create(self, path: str) -> Path:
        """Register a corpus file the caller writes itself (streamed); returns where to write it."""
        target = self.out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        self.summary.files.append(path)
        return target

    def write_file(self, gf: GeneratedFile) -> None:
        """Write a whole file and record its values (members of containers behind ``!/``)."""
        self.create(gf.path).write_bytes(gf.data)
        for i in gf.inserts:
            self.add(SEP.join((gf.path, *i.chain)) if i.chain else gf.path, i.val, i.where)

    def add(self, file: str, val: Val, where: dict[str, Any]) -> None:
        """Record one value written at ``file`` (a path chain)."""
        self._buf.append((file, val, where))
        if len(self._buf) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._buf:
            return
        cols: dict[str, list[Any]] = {n: [] for n in part_schema().names}
        lines = []
        s = _STR
        locations = [(cols[name], name, kind == "int") for name, kind in LOCATION_FIELDS.items()]
        for file, val, where in self._buf:
            # the line json.dumps({file, element, value, person, where}, ensure_ascii=False) writes
            where_json = _WHERE.encode(where) if where else None
            tail = f', "where": {where_json}}}' if where_json else "}"
            lines.append(f'{{"file": {s(file)}, "element": {s(val.element)}, "value": {s(val.value)}, '
                         f'"person": {s(val.person)}{tail}')
            cols["person_id"].append(val.person or None)
            cols["file"].append(file)
            cols["element"].append(val.element)
            cols["value"].append(val.value)
            for column, name, is_int in locations:
                v = where.get(name)
                column.append(None if v is None else (int(v) if is_int else str(v)))
            cols["where"].append(where_json)
            self._chains[file] += 1
            self._elements[val.element] += 1
        self._jsonl.write("\n".join(lines) + "\n")
        schema = part_schema()
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.summary.occurrences, schema)
        self._writer.write_table(pa.table(cols, schema=schema))
        self.summary.records += len(self._buf)
        self._buf = []

    def close(self) -> PartSummary:
        """Flush what is left and return the summary (picklable: it crosses process boundaries)."""
        self._flush()
        self._jsonl.close()
        if self._writer is not None:
            self._writer.close()
        else:
            self.summary.occurrences = None
        self.summary.chains = dict(self._chains)
        self.summary.by_element = dict(self._elements)
        return self.summary
