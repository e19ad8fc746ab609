"""Table scanning: classify each column once per table (header + value sample),
then check every cell of classified columns with the element's validator,
vectorised; scan every other column's cells as text.

Findings of one row share a ``row_key`` so people resolution can treat a row
as one person; where the batch knows the line each row starts on (SQL dumps),
every finding of the row carries it as ``line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from phiscope.detectors.base import Detector
from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, TableBatch, TextUnit, Validation
from phiscope.scan.columns import FindingColumns
from phiscope.scan.keys import is_key_header, key_frame, looks_like_keys, singular, table_name
from phiscope.scan.text import TextScanner, normalize_label

SAMPLE = 200
PROBE = 8  # cells tried first; most detectors fail them and cost no more
HEADER_MIN_RATIO = 0.3  # a header-named column needs some cells that really look like it
FREE_TEXT_LEN = 48  # columns whose mean length is above this are prose, scanned as text
#: batches up to this many rows are checked cell by cell (a polars call costs about a millisecond
#: whatever its size; a cell checked in Python, microseconds)
SCALAR_MAX = 64

CELL_CONFIDENCE = {
    (True, Validation.VALID): 0.97,
    (True, Validation.INDETERMINATE): 0.85,
    (False, Validation.VALID): 0.9,
    (False, Validation.INDETERMINATE): 0.7,
}


@dataclass(frozen=True, slots=True)
class ColumnClass:
    """What a column was classified as, and why."""

    detector: Detector | None
    by_header: bool
    ratio: float


class TableScanner:
    """Column classification (cached per table) and per-cell checking."""

    def __init__(self, detectors: DetectorSet, text: TextScanner) -> None:
        self.detectors = detectors
        self.text = text
        self._classes: dict[tuple[str, str], list[ColumnClass]] = {}
        self._keys: dict[tuple[str, str], list[str]] = {}
        self._value_classifiers = [d for d in detectors.detectors if d.value_classify_ratio is not None]

    def classify(self, doc_key: str, batch: TableBatch) -> list[ColumnClass]:
        """Column classes for a table, computed on its first batch."""
        key = (doc_key, batch.table_id)
        if key not in self._classes:
            org = _stem(table_name(batch).lower()) in ORG_TABLES
            self._classes[key] = [
                self._classify_column(name if batch.header_detected else "", batch.frame[name], org)
                for name in batch.frame.columns
            ]
        return self._classes[key]

    def key_columns(self, doc_key: str, batch: TableBatch) -> list[str]:
        """The table's key columns (see ``scan.keys``) no detector claims, chosen on its first batch."""
        key = (doc_key, batch.table_id)
        if key not in self._keys:
            classes = self.classify(doc_key, batch)
            self._keys[key] = [
                name for name, cls in zip(batch.frame.columns, classes, strict=True)
                if batch.header_detected and cls.detector is None and is_key_header(name)
                and looks_like_keys(batch.frame[name])
            ]
        return self._keys[key]

    def _classify_column(self, header: str, col: pl.Series, org_table: bool = False) -> ColumnClass:
        sample = [v for v in col.drop_nulls().head(SAMPLE).to_list() if v.strip()]
        by_header: list[Detector] = []
        for label in _labels(header):
            by_header = [d for d in self.detectors.detectors if d.matches_header(label)
                         and not (org_table and label == "name" and d.element_type == "person_name")]
            if by_header:
                break
        if not sample:
            return ColumnClass(by_header[0], True, 0.0) if by_header else ColumnClass(None, False, 0.0)
        if sum(map(len, sample)) / len(sample) > FREE_TEXT_LEN:
            return ColumnClass(None, False, 0.0)
        if by_header:
            return self._best(by_header, sample, True)
        return self._best(self._value_classifiers, sample, False)

    def _best(self, pool: list[Detector], sample: list[str], by_header: bool) -> ColumnClass:
        """The detector most of the sample passes (a quick probe first, to stay cheap)."""
        best = ColumnClass(None, False, 0.0)
        probe = sample[:PROBE]
        for det in pool:
            need = HEADER_MIN_RATIO if by_header else (det.value_classify_ratio or 1.0)
            if _pass_ratio(det, probe) < need:
                continue
            ratio = _pass_ratio(det, sample)
            if ratio >= need and ratio > best.ratio:
                best = ColumnClass(det, by_header, ratio)
        return best

    def scan(self, doc_key: str, batch: TableBatch, out: FindingColumns) -> int:
        """Append the findings of one batch to ``out``; return how many."""
        classes = self.classify(doc_key, batch)
        key_col = _key_column(batch) if batch.header_detected else None
        # the rows' lines as a column once per batch, for the vectorised path (SQL dumps only)
        lines = None if batch.lines is None else pl.Series("line", batch.lines, dtype=pl.Int64)
        n = 0
        for idx, (name, cls) in enumerate(zip(batch.frame.columns, classes, strict=True)):
            col = batch.frame[name]
            header = name if batch.header_detected else None
            if cls.detector is not None:
                n += self._scan_classified(doc_key, batch, idx, header, col, cls, out, lines)
            elif key_col is not None and name != key_col and _VALUE_NAME.search(normalize_label(name)):
                n += self._scan_keyed(doc_key, batch, idx, name, batch.frame[key_col], out)
            else:
                n += self._scan_as_text(doc_key, batch, idx, header, col, out)
        keys = key_frame(out.doc_sha, doc_key, batch, self.key_columns(doc_key, batch))
        if keys is not None:
            out.add_keys(keys)
        return n

    def _scan_keyed(self, doc_key: str, batch: TableBatch, idx: int, header: str, keys: pl.Series,
                    out: FindingColumns) -> int:
        """A value column of key/value rows (FHIR ``identifier: [{system, value}]``,
        EAV exports): each cell's label is the key in its row."""
        units = [
            TextUnit(cell, batch.loc.with_(row=batch.first_row + i, column=header, col_index=idx + 1,
                                           offset=0), f"{key} {header}" if key else header)
            for i, (cell, key) in enumerate(zip(batch.frame[header].to_list(), keys.to_list(), strict=True))
            if cell
        ]
        if not units:
            return 0
        findings = self.text.scan_units(units)
        lines = batch.lines
        for f in findings:
            if lines is not None and f.loc.row is not None:
                f.loc = f.loc.with_(line=lines[f.loc.row - batch.first_row])
            out.add_findings([f], row_key=f"{doc_key[:16]}:{batch.table_id}:{f.loc.row}")
        return len(findings)

    def _scan_classified(self, doc_key: str, batch: TableBatch, idx: int, header: str | None,
                         col: pl.Series, cls: ColumnClass, out: FindingColumns,
                         lines: pl.Series | None) -> int:
        """Check every cell with the column's validator; cells that are not
        that element at all (a HICN in a "Medicare ID" column of MBIs, a note)
        are scanned as text with the header as context. ``lines``: the batch's
        ``lines`` as a column."""
        det = cls.detector
        assert det is not None
        if len(col) <= SCALAR_MAX:
            return self._scan_classified_scalar(doc_key, batch, idx, header, col, cls, out)
        checked = det.check_column(col).rechunk()  # a plugin's result may come in several chunks
        n = 0
        other = checked.is_null() & col.is_not_null()
        if bool(other.any()):
            n += self._scan_as_text(doc_key, batch, idx, header, col, out, only=other)
        keep = checked.is_not_null() & (checked != Validation.INVALID.value)
        if not bool(keep.any()):
            return n
        rows = pl.int_range(batch.first_row, batch.first_row + len(col), eager=True).filter(keep)
        values = col.filter(keep)
        validations = checked.filter(keep)
        conf = validations.replace_strict(
            [Validation.VALID.value, Validation.INDETERMINATE.value],
            [CELL_CONFIDENCE[(cls.by_header, Validation.VALID)],
             CELL_CONFIDENCE[(cls.by_header, Validation.INDETERMINATE)]],
            return_dtype=pl.Float64,
        )
        out.add_cells(det, batch, idx, header, values, rows, validations, conf, doc_key,
                      None if lines is None else lines.filter(keep))
        return n + len(values)

    def _scan_classified_scalar(self, doc_key: str, batch: TableBatch, idx: int, header: str | None,
                                col: pl.Series, cls: ColumnClass, out: FindingColumns) -> int:
        """``_scan_classified`` cell by cell: the same findings (column methods are tested equal to
        the per-value ones) without polars' fixed cost per call, which dominates small tables (a
        table in a PDF or a letter, a short attachment)."""
        det = cls.detector
        assert det is not None
        cells = col.to_list()
        other = [False] * len(cells)
        lines = batch.lines
        n = 0
        for i, value in enumerate(cells):
            if value is None:
                continue
            result = det.check_cell(value)
            if result is None:
                other[i] = True
                continue
            if result is Validation.INVALID:
                continue
            row = batch.first_row + i
            loc = batch.loc.with_(row=row, column=header, col_index=idx + 1,
                                  line=lines[i] if lines is not None else None, offset=0, length=len(value))
            out.add_findings([Finding(det.element_type, det.id, value, det.normalize(value),
                                      CELL_CONFIDENCE[(cls.by_header, result)], result, loc,
                                      flags=tuple(det.flags(value, det.validate(value))))],
                             row_key=f"{doc_key[:16]}:{batch.table_id}:{row}")
            n += 1
        if any(other):
            n += self._scan_as_text(doc_key, batch, idx, header, col, out, only=pl.Series(other))
        return n

    def _scan_as_text(self, doc_key: str, batch: TableBatch, idx: int, header: str | None,
                      col: pl.Series, out: FindingColumns, only: pl.Series | None = None) -> int:
        """Scan the cells of a column in one pass, then map spans back to rows."""
        cells = col.to_list()
        positions = list(range(len(cells)))
        if only is not None:
            positions = [i for i, flag in enumerate(only.to_list()) if flag]
            cells = [cells[i] for i in positions]
        findings = self.text.scan_cells(cells, batch.loc, header)
        lines = batch.lines
        for cell_index, f in findings:
            row = batch.first_row + positions[cell_index]
            f.loc = f.loc.with_(row=row, column=header, col_index=idx + 1,
                                line=f.loc.line if lines is None else lines[positions[cell_index]])
            out.add_findings([f], row_key=f"{doc_key[:16]}:{batch.table_id}:{row}")
        return len(findings)


#: tables whose rows are organisations: their bare ``NAME`` column (Synthea's payers.csv,
#: organizations.csv) names a health plan or a facility, not a person
ORG_TABLES = frozenset({"payer", "plan", "insurer", "carrier", "organization", "organisation", "org",
                        "facility", "company", "vendor", "pharmacy", "hospital", "clinic", "location",
                        "department", "employer", "practice", "site"})


def _stem(name: str) -> str:
    """``payers`` -> ``payer``, ``facilities`` -> ``facility``, ``dim_payer`` -> ``payer``."""
    words = [w for w in re.split(r"[^a-z]+", name) if w]
    return singular(words[-1]) if words else ""


_KEY_NAME = re.compile(r"(?:^| )(?:system|type|kind|key|label|id type|identifier type)$")
_VALUE_NAME = re.compile(r"(?:^| )(?:value|val|identifier|id|number|no)$")


def _labels(header: str) -> list[str]:
    """Labels to match a column header against: the whole header, then, for
    flattened JSON keys (``patient.name.given.[0]``), its last named part."""
    if not header:
        return []
    out = [normalize_label(header)]
    parts = [p for p in header.split(".") if p and not p.startswith("[")]
    if len(parts) > 1:
        out.append(normalize_label(parts[-1]))
    return out


def _key_column(batch: TableBatch) -> str | None:
    """The column naming what each row's value is (``system``, ``type``), if any."""
    names = [n for n in batch.frame.columns if _KEY_NAME.search(normalize_label(n))]
    values = [n for n in batch.frame.columns if _VALUE_NAME.search(normalize_label(n))]
    return names[0] if names and values else None


def _pass_ratio(det: Detector, sample: list[str]) -> float:
    ok = 0
    for v in sample:
        r = det.check_cell(v)
        if r is not None and r is not Validation.INVALID:
            ok += 1
    return ok / max(len(sample), 1)
