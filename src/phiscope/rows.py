"""Arrow record batches as Python rows (dicts), for the jobs that work a row at a time.

``RecordBatch.to_pylist`` makes a new string object for every cell. Where a few strings repeat
down millions of rows (a finding's document and path, its element, a table's column name), that
costs both memory (a million-occurrence SQL dump's bucket held its path a million times: 1.9 GB of
objects for the bucket) and time; ``python_rows`` makes each distinct string of the named columns
one object for the batch, and builds the rows column by column (about half ``to_pylist``'s time).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]


def python_rows(batch: pa.RecordBatch, shared: Iterable[str] = ()) -> list[dict[str, Any]]:
    """``batch.to_pylist()``, equal to it, except that each distinct string of a ``shared`` column
    is one object for the whole batch."""
    names = batch.schema.names
    keep = frozenset(shared)
    columns = [shared_strings(batch.column(i)) if n in keep else batch.column(i).to_pylist()
               for i, n in enumerate(names)]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def shared_strings(column: pa.Array) -> list[Any]:
    """``column.to_pylist()`` with one object per distinct string (other types: as they come)."""
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return list(column.to_pylist())
    encoded = column.dictionary_encode()
    words = encoded.dictionary.to_pylist()
    return [None if i is None else words[i] for i in encoded.indices.to_pylist()]
