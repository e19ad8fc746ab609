"""Arrow batches as Python rows."""

from __future__ import annotations

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.rows import python_rows


def test_rows_share_repeated_strings_and_equal_to_pylist() -> None:
    batch = pa.record_batch({"file": ["a/b.csv", "a/b.csv", None, "c.txt"],
                             "value": ["a value", "a value", "another", None],
                             "row": [1, None, 3, 4], "bucket": [0, 0, 0, 1]})
    rows = python_rows(batch, ["file"])
    assert rows == batch.to_pylist()
    assert rows[0]["file"] is rows[1]["file"]  # one object for the batch
    assert rows[0]["value"] is not rows[1]["value"]  # only the named columns are shared
