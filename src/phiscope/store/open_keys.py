"""Row hashes of finding keys: the quick test for repeated findings (see ``batch.py``).

A row hash covers ``HASHED_KEY``, most of a finding's key (``sql.FINDING_KEY``)
but not the columns that are the same for nearly every finding of a document
(its path, the element given the detector, the column name given its index):
leaving text out keeps hashing cheap, and since equal keys always give equal
hashes, distinct hashes still prove distinct keys. An equal hash proves
nothing, and the caller then compares the full keys exactly.

Each row also gets a position, ``pos`` (its row, else its line, else its
offset): equal keys have equal positions, so a new batch of a document is only
compared with the remembered hashes whose position range overlaps its own.
Documents are read front to back, so for a big table that spans many flushes
this keeps each flush's check proportional to the flush, not to the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

HASHED_KEY = ("doc_sha", "detector_id", "page", "sheet", "row", "col_index", "json_path", "mime_part",
              "line", "offset", "length")


def row_hashes(batch: pa.Table, names: tuple[str, ...] = HASHED_KEY) -> pl.DataFrame:
    """``doc_sha``, the 64-bit hash ``h`` of ``names`` (stable within a process) and ``pos`` of each row."""
    frame = pl.from_arrow(batch.select(list(dict.fromkeys(("doc_sha", "row", "line", "offset", *names)))))
    assert isinstance(frame, pl.DataFrame)
    return frame.select("doc_sha", frame.select(names).hash_rows().alias("h"),
                        pl.coalesce("row", "line", "offset", -1).cast(pl.Int64).alias("pos"))


@dataclass(frozen=True, slots=True)
class _Run:
    """The remembered hashes of one document from one flush, and their position range."""

    lo: int
    hi: int
    hashes: pl.Series


class OpenKeys:
    """Row hashes of the stored findings of documents that are still open, per document.

    Memory: 8 bytes per such finding, released when the document is finished.
    """

    def __init__(self) -> None:
        self._by_doc: dict[str, list[_Run]] = {}

    def docs(self) -> set[str]:
        """Documents with remembered hashes."""
        return set(self._by_doc)

    def seen(self, groups: dict[str, pl.DataFrame]) -> bool:
        """Whether a row of ``groups`` (``by_doc`` of ``row_hashes``) has a remembered hash of its
        document."""
        for sha, group in groups.items():
            lo, hi = _range(group)
            runs = [r.hashes for r in self._by_doc.get(sha, ()) if r.lo <= hi and lo <= r.hi]
            # the set is built from the new rows; the remembered hashes only probe it
            if runs and pl.concat(runs, rechunk=False).is_in(group["h"].implode()).any():
                return True
        return False

    def add(self, groups: dict[str, pl.DataFrame], shas: set[str]) -> None:
        """Remember the hashes of the rows of the documents ``shas`` in ``groups``."""
        for sha, group in groups.items():
            if sha in shas:
                self._by_doc.setdefault(sha, []).append(_Run(*_range(group), group["h"]))

    def forget(self, shas: set[str]) -> None:
        """Drop the hashes of finished documents."""
        for sha in shas:
            self._by_doc.pop(sha, None)


def by_doc(hashes: pl.DataFrame, shas: Iterable[str]) -> dict[str, pl.DataFrame]:
    """The rows of ``hashes`` of the documents ``shas``, per document."""
    wanted = list(shas)
    if not wanted:
        return {}
    parts = hashes.filter(pl.col("doc_sha").is_in(wanted)).partition_by("doc_sha", as_dict=True)
    return {str(key[0]): part for key, part in parts.items()}


def _range(group: pl.DataFrame) -> tuple[int, int]:
    pos = group["pos"]
    lo, hi = pos.min(), pos.max()
    assert isinstance(lo, int) and isinstance(hi, int)
    return lo, hi
