"""The simulator's truth folder (``<corpus>.truth/``, see ``phiscope.simulate.truth``)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import UsageError
from phiscope.eval.truth import Occurrence, TruthFile, TruthSet
from phiscope.store.evaluation import sorted_batches

KIND = "simulator"
FILES = ("truth.json", "occurrences.parquet", "files.parquet", "persons.parquet")
SUPPORTED_VERSIONS = (1,)


def detect(path: Path) -> bool:
    """A folder holding ``truth.json`` and the Parquet tables."""
    return path.is_dir() and all((path / f).is_file() for f in FILES)


def load(path: Path) -> TruthSet:
    """Read the folder (UsageError when it is incomplete or of an unknown version)."""
    import pyarrow.parquet as pq

    truth = load_info(path)
    truth.occurrences = [occurrence(r) for r in pq.read_table(path / "occurrences.parquet").to_pylist()]
    return truth


def load_info(path: Path) -> TruthSet:
    """The folder's truth without its occurrences (``file_counts`` and ``occurrence_batches`` stream
    them): files, people and metadata."""
    import pyarrow.parquet as pq

    if not detect(path):
        raise UsageError(f"{path} is not a complete truth folder: it needs {', '.join(FILES)}")
    meta = json.loads((path / "truth.json").read_text(encoding="utf-8"))
    if meta.get("format") != "phiscope-truth" or meta.get("version") not in SUPPORTED_VERSIONS:
        raise UsageError(f"{path}/truth.json: unsupported truth format or version "
                         f"(this phiscope reads versions {SUPPORTED_VERSIONS})")
    file_rows = pq.read_table(path / "files.parquet", columns=["file", "has_phi", "top_level"]).to_pylist()
    files = [TruthFile(r["file"], bool(r["has_phi"]), bool(r["top_level"])) for r in file_rows]
    people = pq.read_table(path / "persons.parquet", columns=["person_id", "kind"]).to_pylist()
    return TruthSet(KIND, [], files, "value", {p["person_id"]: p["kind"] for p in people},
                    None, {k: v for k, v in meta.items() if k != "counts"})


def file_counts(path: Path) -> dict[str, int]:
    """Occurrences per file."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out: dict[str, int] = {}
    for batch in pq.ParquetFile(path / "occurrences.parquet").iter_batches(columns=["file"]):
        for row in pc.value_counts(batch.column(0)).to_pylist():
            out[row["values"]] = out.get(row["values"], 0) + int(row["counts"])
    return out


def occurrence_batches(path: Path, con: duckdb.DuckDBPyConnection, files: pa.Table,
                       size: int = 50_000, ranges: Sequence[tuple[int, int]] | None = None
                       ) -> Iterator[pa.RecordBatch]:
    """The occurrences with the ``bucket`` of their file (``files``: file, bucket), ordered by bucket,
    then as the folder holds them: read here (once per range of buckets, keeping that range's files)
    and sorted by ``con`` (the case session, whose sorts spill to its encrypted temporary files and
    which may not open files itself)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path / "occurrences.parquet")
    schema = source.schema_arrow.append(pa.field("_phi_n", pa.int64()))

    def numbered(keep: pa.Array | None) -> Iterator[pa.RecordBatch]:
        seen = 0
        for batch in source.iter_batches(batch_size=size):
            rows = batch.append_column("_phi_n", pa.array(range(seen, seen + batch.num_rows), pa.int64()))
            seen += batch.num_rows
            yield rows if keep is None else rows.filter(pc.is_in(rows.column("file"), value_set=keep))

    def query(bounds: tuple[int, int] | None) -> str:
        chosen = files if bounds is None else files.filter(
            pc.and_(pc.greater_equal(files["bucket"], bounds[0]), pc.less_equal(files["bucket"], bounds[1])))
        for name in ("_phi_eval_files", "_phi_eval_truth"):
            with contextlib.suppress(duckdb.Error):
                cur.unregister(name)
        cur.register("_phi_eval_files", chosen)
        reader = numbered(None if bounds is None else chosen.column("file").combine_chunks())
        cur.register("_phi_eval_truth", pa.RecordBatchReader.from_batches(schema, reader))
        return "SELECT o.*, b.bucket FROM _phi_eval_truth o JOIN _phi_eval_files b USING (file)"

    cur = con.cursor()
    try:
        yield from sorted_batches(cur, "_phi_eval_occurrences", query, "bucket, _phi_n", size, ranges)
    finally:
        cur.close()


def occurrence(r: dict[str, Any]) -> Occurrence:
    """One row of ``occurrences.parquet`` as an ``Occurrence``."""
    return Occurrence(str(r["occurrence_id"]), r["file"], r["element"], r["value"], r["person_id"],
                      start=r["offset"], end=None if r["offset"] is None or r["length"] is None
                      else r["offset"] + r["length"], page=r["page"], sheet=r["sheet"], row=r["row"],
                      column=r["column"], line=r["line"], json_path=r["json_path"],
                      message=_message(r.get("where")))


def _message(where: Any) -> int | None:
    """The mbox message an occurrence is in (``where``: the simulator's JSON location)."""
    if not where or "message" not in str(where):
        return None
    value = json.loads(str(where)).get("message")
    return int(value) if isinstance(value, int) else None


def export_texts(path: Path, out_dir: Path) -> int:
    """Nothing to export: the simulated corpus is already files (scan it directly)."""
    raise UsageError("a simulated corpus is already files: scan the corpus folder itself")
