"""Join the jobs' truth parts into the truth JSONL and the truth folder, streaming.

Parts are concatenated in job order, so the same seed gives the same bytes
whichever process ran which job. Occurrence ids are assigned here.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from phiscope.simulate.sink import PartSummary
from phiscope.simulate.truth import SEP, TRUTH_FORMAT, TRUTH_VERSION


def _concat_jsonl(parts: Sequence[PartSummary], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for p in parts:
            if p.jsonl is not None and p.records:
                with p.jsonl.open("rb") as f:
                    shutil.copyfileobj(f, out, 1 << 20)


def _occurrences(parts: Sequence[PartSummary], target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from phiscope.simulate.sink import part_schema

    schema = pa.schema([("occurrence_id", pa.int64()), *part_schema()])
    next_id = 0
    with pq.ParquetWriter(target, schema) as writer:
        for p in parts:
            if p.occurrences is None:
                continue
            source = pq.ParquetFile(p.occurrences)
            for i in range(source.num_row_groups):
                table = source.read_row_group(i)
                ids = pa.array(range(next_id, next_id + table.num_rows), type=pa.int64())
                writer.write_table(table.add_column(0, "occurrence_id", ids).cast(schema))
                next_id += table.num_rows
        if next_id == 0:
            writer.write_table(schema.empty_table())


def _file_rows(parts: Sequence[PartSummary]) -> list[dict[str, Any]]:
    per_chain: Counter[str] = Counter()
    for p in parts:
        per_chain.update(p.chains)
    per_top: Counter[str] = Counter()
    for chain, n in per_chain.items():
        per_top[chain.split(SEP, 1)[0]] += n
    rows = [{"file": f, "top_level": True, "has_phi": per_top[f] > 0, "occurrences": per_chain[f]}
            for p in parts for f in p.files]
    rows += [{"file": c, "top_level": False, "has_phi": True, "occurrences": n}
             for c, n in per_chain.items() if SEP in c]
    return sorted(rows, key=lambda r: str(r["file"]))


def _persons(parts: Sequence[PartSummary], target: Path) -> int:
    import pyarrow.parquet as pq

    count = 0
    writer: Any = None
    for p in parts:
        if p.persons is None:
            continue
        source = pq.ParquetFile(p.persons)
        if writer is None:
            writer = pq.ParquetWriter(target, source.schema_arrow)
        for i in range(source.num_row_groups):
            table = source.read_row_group(i)
            writer.write_table(table)
            count += table.num_rows
    if writer is not None:
        writer.close()
    return count


def merge(parts: Sequence[PartSummary], jsonl: Path, folder: Path, meta: dict[str, Any]) -> dict[str, int]:
    """Write ``jsonl`` and the truth ``folder`` from the parts; returns values per element."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    _concat_jsonl(parts, jsonl)
    _occurrences(parts, folder / "occurrences.parquet")
    files_schema = pa.schema([("file", pa.string()), ("top_level", pa.bool_()), ("has_phi", pa.bool_()),
                              ("occurrences", pa.int64())])
    file_rows = _file_rows(parts)
    pq.write_table(pa.Table.from_pylist(file_rows, schema=files_schema), folder / "files.parquet")
    persons = _persons(parts, folder / "persons.parquet")
    by_element: Counter[str] = Counter()
    for p in parts:
        by_element.update(p.by_element)
    counts = {"files": sum(1 for r in file_rows if r["top_level"]), "documents": len(file_rows),
              "phi_files": sum(1 for r in file_rows if r["top_level"] and r["has_phi"]),
              "persons": persons, "occurrences": sum(p.records for p in parts),
              "by_element": dict(sorted(by_element.items()))}
    info = {"format": TRUTH_FORMAT, "version": TRUTH_VERSION, **meta, "counts": counts}
    (folder / "truth.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return dict(by_element)
