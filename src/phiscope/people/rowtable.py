"""A case's linkage rows as Arrow columns, read like a mapping of mention id -> ``LinkageRow``.

A breach of a million patients has over ten million mentions; as Python objects (a ``LinkageRow``
and its strings, the dict holding it) their linkage rows took about 600 bytes each, more than the
Arrow table Splink reads anyway. ``RowTable`` keeps only that table (in the mentions' order) and a
sorted array of the ids to find a row by id; rows become ``LinkageRow`` objects only where a step
asks for them, a batch of components at a time (``subset``); passes over all rows read the Arrow
columns (``bare``, ``sole.name_links``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.table import LIST_COLUMNS, ROW_FIELDS, SPLINK_COLUMNS, LinkageRow

_LISTS = frozenset({"first_group", *LIST_COLUMNS})
_BOOLS = ("contact", "structured", "minor")
_STRS = pa.list_(pa.string())
#: the table's schema: ``ROW_FIELDS`` in order
SCHEMA = pa.schema([(f, pa.bool_() if f in _BOOLS else _STRS if f in _LISTS else pa.string())
                    for f in ROW_FIELDS])
_CHUNK = 50_000


class RowTable(Mapping[str, LinkageRow]):
    """Linkage rows as one Arrow table (``SCHEMA``, one row per mention, mention order). Iterating
    gives the ids in that order; ``rows[mid]`` makes one row (slow: steps over many rows use
    ``subset`` or the columns)."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table.select(list(ROW_FIELDS)).cast(SCHEMA).combine_chunks()
        self._keys, self._order = _sorted_ids(self.table.column("unique_id"))

    @classmethod
    def from_rows(cls, rows: Mapping[str, Mapping[str, Any]]) -> RowTable:
        """The table of linkage rows held in memory (``table.linkage_rows``; mention id -> row), in
        their order."""
        values = list(rows.values())
        columns = {f: pa.array([r.get(f) for r in values], SCHEMA.field(f).type) for f in ROW_FIELDS[1:]}
        return cls(pa.table({"unique_id": pa.array(list(rows), pa.string()), **columns}))

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def __iter__(self) -> Iterator[str]:
        ids = self.table.column("unique_id")
        for start in range(0, len(ids), _CHUNK):
            yield from ids.slice(start, _CHUNK).to_pylist()

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.position(key) >= 0

    def __getitem__(self, key: str) -> LinkageRow:
        at = self.position(key) if isinstance(key, str) else -1
        if at < 0:
            raise KeyError("no such mention")  # never the id's row values
        return self.subset([at])[key]

    def position(self, key: str) -> int:
        """The row number of mention ``key`` (-1 when it has none)."""
        return int(self.positions([key])[0])

    def positions(self, keys: Sequence[str]) -> np.ndarray:
        """The row numbers of mentions ``keys`` (-1 where one has none), by binary search."""
        width = self._keys.dtype.itemsize
        probe = np.array([k.encode() if len(k.encode()) <= width else b"" for k in keys], self._keys.dtype)
        at = np.searchsorted(self._keys, probe)
        inside = at < len(self._keys)
        found = np.zeros(len(keys), bool)
        found[inside] = self._keys[at[inside]] == probe[inside]
        found &= probe != b""
        return np.where(found, self._order[np.minimum(at, len(self._keys) - 1)], -1).astype(np.int64) \
            if len(self._keys) else np.full(len(keys), -1, np.int64)

    def id_ranks(self) -> np.ndarray:
        """Each row's place in the order of the mention ids (sorting by it sorts by id, without the
        strings)."""
        ranks = np.empty(len(self._order), np.int64)
        ranks[self._order] = np.arange(len(self._order), dtype=np.int64)
        return ranks

    def subset(self, positions: Iterable[int]) -> dict[str, LinkageRow]:
        """The rows at ``positions`` (row numbers), in that order, as mention id -> ``LinkageRow``."""
        where = np.fromiter(positions, np.int64)
        return row_dicts(self.table.take(pa.array(where, pa.int64())))

    def fields_at(self, positions: np.ndarray, fields: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The rows at ``positions`` (row numbers) with only ``fields``, as mention id -> dict (lists
        stay lists): cheaper than ``subset`` where a step reads a few fields of many rows."""
        part = self.table.select(["unique_id", *fields]).take(pa.array(positions, pa.int64()))
        return {row.pop("unique_id"): row for row in part.to_pylist()}

    def splink_input(self, by_row: bool = False) -> pa.Table:
        """The columns Splink compares (``table.to_arrow``); ``by_row``: and each row's number
        (``row``, ``linkage.predict``'s ``by_row``)."""
        out = self.table.select(list(SPLINK_COLUMNS))
        return out.append_column("row", pa.array(np.arange(len(self), dtype=np.int64))) if by_row else out

    @property
    def ids(self) -> pa.Array:
        """The mention ids, in row order."""
        return self.table.column("unique_id").combine_chunks()


def rows_of(rows: Mapping[str, Mapping[str, Any]], ids: Iterable[str]) -> Mapping[str, Mapping[str, Any]]:
    """The rows of ``ids`` (all of them present), looked up together."""
    if isinstance(rows, RowTable):
        wanted = list(dict.fromkeys(ids))
        return rows.subset(rows.positions(wanted).tolist())
    return rows


def field_rows(rows: Mapping[str, Mapping[str, Any]], ids: Iterable[str], fields: Sequence[str],
               ) -> Mapping[str, Mapping[str, Any]]:
    """The rows of ``ids`` (all of them present) with only ``fields``, as dicts, looked up together:
    where a step reads a few fields of many rows, far cheaper than whole ``LinkageRow`` objects."""
    if isinstance(rows, RowTable):
        return rows.fields_at(rows.positions(list(dict.fromkeys(ids))), fields)
    return rows


def row_dicts(t: pa.Table) -> dict[str, LinkageRow]:
    """The rows of a slice of a ``RowTable``'s table, in its order, as mention id -> ``LinkageRow``."""
    return dict(_rows(t))


def _rows(t: pa.Table) -> Iterator[tuple[str, LinkageRow]]:
    cols = [t.column(f).to_pylist() for f in ROW_FIELDS]
    for n in (ROW_FIELDS.index(f) for f in _LISTS):
        cols[n] = [None if v is None else tuple(v) for v in cols[n]]
    for values in zip(*cols, strict=True):
        yield values[0], LinkageRow(*values)


def _sorted_ids(ids: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """The ids as a sorted array of fixed-width bytes and each one's row number. Ids of one length
    (a case's mention ids: 20 hex digits) are viewed straight from Arrow's buffer."""
    flat = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    lengths = pc.binary_length(flat)
    low, high = (pc.min_max(lengths)[k].as_py() for k in ("min", "max")) if len(flat) else (1, 1)
    if len(flat) and low == high and low > 0 and flat.null_count == 0 and flat.offset == 0:
        offsets = np.frombuffer(flat.buffers()[1], np.int32, len(flat) + 1)
        data = np.frombuffer(flat.buffers()[2], np.uint8)[offsets[0]:offsets[-1]]
        keys = data.view(f"S{low}")
    else:
        keys = np.array([s.encode() for s in flat.to_pylist()], f"S{max(high or 1, 1)}")
    order = np.argsort(keys, kind="stable")
    return keys[order], order.astype(np.int64)
