"""The simulator's truth folder (``<corpus>.truth/``, see ``phiscope.simulate.truth``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError
from phiscope.eval.truth import Occurrence, TruthFile, TruthSet

KIND = "simulator"
FILES = ("truth.json", "occurrences.parquet", "files.parquet", "persons.parquet")
SUPPORTED_VERSIONS = (1,)


def detect(path: Path) -> bool:
    """A folder holding ``truth.json`` and the Parquet tables."""
    return path.is_dir() and all((path / f).is_file() for f in FILES)


def load(path: Path) -> TruthSet:
    """Read the folder (UsageError when it is incomplete or of an unknown version)."""
    import pyarrow.parquet as pq

    if not detect(path):
        raise UsageError(f"{path} is not a complete truth folder: it needs {', '.join(FILES)}")
    meta = json.loads((path / "truth.json").read_text(encoding="utf-8"))
    if meta.get("format") != "phiscope-truth" or meta.get("version") not in SUPPORTED_VERSIONS:
        raise UsageError(f"{path}/truth.json: unsupported truth format or version "
                         f"(this phiscope reads versions {SUPPORTED_VERSIONS})")
    occurrences = [_occurrence(r) for r in pq.read_table(path / "occurrences.parquet").to_pylist()]
    file_rows = pq.read_table(path / "files.parquet", columns=["file", "has_phi", "top_level"]).to_pylist()
    files = [TruthFile(r["file"], bool(r["has_phi"]), bool(r["top_level"])) for r in file_rows]
    people = pq.read_table(path / "persons.parquet", columns=["person_id", "kind"]).to_pylist()
    return TruthSet(KIND, occurrences, files, "value", {p["person_id"]: p["kind"] for p in people},
                    None, {k: v for k, v in meta.items() if k != "counts"})


def _occurrence(r: dict[str, Any]) -> Occurrence:
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
