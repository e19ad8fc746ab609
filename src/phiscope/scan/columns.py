"""Accumulates findings column-wise and hands them to the store as Arrow.

Text findings arrive as ``Finding`` objects (sparse); table cells arrive as
whole polars columns (dense) and are never turned into Python objects.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pyarrow as pa

from phiscope.detectors.base import Detector
from phiscope.model import FINDING_COLUMNS, Finding, Location, TableBatch

_PL_TYPES: dict[str, Any] = {
    "string": pl.String, "float64": pl.Float64, "int32": pl.Int32, "int64": pl.Int64, "int8": pl.Int8,
}
SCHEMA = {name: _PL_TYPES[t] for name, t in FINDING_COLUMNS}
_LOC_FIELDS = ("path", "page", "sheet", "row", "column", "col_index", "json_path", "mime_part",
               "line", "offset", "length")


def _map_unique(values: pl.Series, fn: Any) -> pl.Series:
    """Apply a Python function once per distinct value."""
    uniq = values.unique().to_list()
    return values.replace_strict(uniq, [fn(u) for u in uniq], return_dtype=pl.String)


def _normalized(det: Detector, values: pl.Series) -> pl.Series:
    """``det.normalize`` over a column: vectorised where the detector offers it."""
    fast = getattr(det, "normalize_column", None)
    if fast is not None:
        out: pl.Series = fast(values)
        return out.cast(pl.String)
    return _map_unique(values, det.normalize)


def _flags(det: Detector, values: pl.Series, n: int) -> pl.Series:
    """``det.flags`` over a column (vectorised where the detector offers it)."""
    fast_flags = getattr(det, "flags_column", None)
    if fast_flags is not None:
        out: pl.Series = fast_flags(values).cast(pl.String)
        return out
    if type(det).flags is not Detector.flags:
        return _map_unique(values, lambda v: ",".join(det.flags(v, det.validate(v))) or None)
    return pl.repeat(None, n, eager=True, dtype=pl.String)


class FindingColumns:
    """A growing batch of findings of one document."""

    def __init__(self, doc_sha: str, masks: dict[str, tuple[int, int]]) -> None:
        self.doc_sha = doc_sha
        self._masks = masks
        self._rows: list[dict[str, Any]] = []
        self._frames: list[pl.DataFrame] = []
        self._keys: list[pl.DataFrame] = []
        self.count = 0

    def add_findings(self, findings: list[Finding], row_key: str | None = None) -> None:
        """Append text findings."""
        for f in findings:
            loc = f.loc
            row = {k: getattr(loc, k) for k in _LOC_FIELDS}
            first, last = self._masks.get(f.detector_id, (0, 4))
            row.update(
                doc_sha=self.doc_sha, element=f.element, detector_id=f.detector_id, value=f.value,
                normalized=f.normalized, confidence=f.confidence, validation=f.validation.value,
                row_key=row_key or f.row_key, role=f.role, flags=",".join(f.flags) or None,
                mask_first=first, mask_last=last,
            )
            self._rows.append(row)
        self.count += len(findings)

    def add_cells(self, det: Detector, batch: TableBatch, idx: int, header: str | None,
                  values: pl.Series, rows: pl.Series, validations: pl.Series, conf: pl.Series,
                  doc_key: str, lines: pl.Series | None = None) -> None:
        """Append the findings of one classified column, vectorised (``lines``: each cell's line
        in the file, where the table has them)."""
        n = len(values)
        values = values.alias("value")
        frame = pl.DataFrame({
            **self._detector_columns(det, values, validations, conf, _flags(det, values, n)),
            "row": rows.cast(pl.Int64),
        }).with_columns(
            pl.format(f"{doc_key[:16]}:{batch.table_id}:{{}}", pl.col("row")).alias("row_key"),
            pl.lit(None, pl.String).alias("role"),
            pl.lit(batch.loc.path, pl.String).alias("path"),
            pl.lit(batch.loc.page, pl.Int32).alias("page"),
            pl.lit(batch.loc.sheet, pl.String).alias("sheet"),
            pl.lit(header, pl.String).alias("column"),
            pl.lit(idx + 1, pl.Int32).alias("col_index"),
            pl.lit(batch.loc.json_path, pl.String).alias("json_path"),
            pl.lit(batch.loc.mime_part, pl.String).alias("mime_part"),
            pl.lit(None, pl.Int64).alias("line") if lines is None else lines.cast(pl.Int64).alias("line"),
            pl.lit(0, pl.Int64).alias("offset"),
            values.str.len_chars().cast(pl.Int32).alias("length"),
        )
        self._append(frame)

    def add_record_fields(self, det: Detector, values: pl.Series, validations: pl.Series,
                          conf: pl.Series, locs: list[Location], row_keys: list[str],
                          roles: list[str | None], extra_flag: pl.Series | None = None) -> None:
        """Append findings of typed record fields of one element, each with its own location
        (``extra_flag``: a boolean column; where true the finding also gets ``digits-in-name``)."""
        n = len(values)
        values = values.alias("value")
        flags = _flags(det, values, n)
        if extra_flag is not None and bool(extra_flag.any()):
            marked = pl.concat_str([flags, pl.lit("digits-in-name")], separator=",", ignore_nulls=True)
            flags = pl.select(pl.when(extra_flag).then(marked).otherwise(flags)).to_series()
        loc_cols = {k: [getattr(loc, k) for loc in locs] for k in _LOC_FIELDS}
        self._append(pl.DataFrame({
            **self._detector_columns(det, values, validations, conf, flags),
            "row_key": pl.Series(row_keys, dtype=pl.String),
            "role": pl.Series(roles, dtype=pl.String),
            **{k: pl.Series(v, dtype=SCHEMA[k]) for k, v in loc_cols.items()},
        }))

    def _detector_columns(self, det: Detector, values: pl.Series, validations: pl.Series,
                          conf: pl.Series, flags: pl.Series) -> dict[str, pl.Series]:
        """The columns every vectorised batch of one detector's findings shares."""
        n = len(values)
        return {
            "doc_sha": pl.repeat(self.doc_sha, n, eager=True, dtype=pl.String),
            "element": pl.repeat(det.element_type, n, eager=True, dtype=pl.String),
            "detector_id": pl.repeat(det.id, n, eager=True, dtype=pl.String),
            "value": values,
            "normalized": _normalized(det, values),
            "confidence": conf,
            "validation": validations,
            "flags": flags,
            "mask_first": pl.repeat(det.mask.keep_first, n, eager=True, dtype=pl.Int8),
            "mask_last": pl.repeat(det.mask.keep_last, n, eager=True, dtype=pl.Int8),
        }

    def _append(self, frame: pl.DataFrame) -> None:
        self._frames.append(frame.select(list(SCHEMA)).cast(SCHEMA))  # type: ignore[arg-type]
        self.count += frame.height

    def __len__(self) -> int:
        return self.count

    def add_keys(self, frame: pl.DataFrame) -> None:
        """Append key cells of table rows (columns ``scan.keys.KEY_COLUMNS``)."""
        self._keys.append(frame)

    def take_keys(self) -> pa.Table | None:
        """The accumulated key cells as one Arrow table (and reset), or None."""
        frames, self._keys = self._keys, []
        return pl.concat(frames, how="vertical").to_arrow() if frames else None

    def take_arrow(self) -> pa.Table | None:
        """The accumulated findings as one Arrow table (and reset), or None."""
        frames = list(self._frames)
        if self._rows:
            frames.append(pl.DataFrame(self._rows, schema=SCHEMA))
        self._rows, self._frames, self.count = [], [], 0
        if not frames:
            return None
        return pl.concat(frames, how="vertical").to_arrow()
