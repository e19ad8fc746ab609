"""Structured records (HL7 v2, X12, C-CDA, FHIR…): fields typed by the format.

A field the format types (``RecordField.element``) is checked with that
element's validator, like a cell of a header-classified column, vectorised
per element over a batch of records. A typed field the validator says is not
that element at all (``check_column`` null: "UNKNOWN" in a birth-date field,
a composite value) and every untyped field are scanned as text, with the
field's label as context. Every finding of a record carries the record's key
(as ``row_key``) and its ``role``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from phiscope.detectors.base import Detector
from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Record, RecordField, TextUnit, Validation
from phiscope.scan.columns import FindingColumns
from phiscope.scan.text import TextScanner

#: a value in a field the format defines as that element, validated / not contradicted
TYPED_CONFIDENCE = {Validation.VALID.value: 0.98, Validation.INDETERMINATE.value: 0.9}
#: elements whose typed values are re-checked without digits when the check rejects them:
#: test-data generators (Synthea: "Sumiko254 Larue605") and some exports append digits to
#: names; a name field whose letters form a name is still a name
DIGIT_NOISE = frozenset({"person_name"})
DIGIT_NOISE_FLAG = "digits-in-name"
#: typed values of one element in a batch up to which they are checked one by one (a polars call
#: costs about a millisecond whatever its size; a value checked in Python, microseconds)
SCALAR_MAX = 64
_DIGITS = re.compile(r"\d+")

_Item = tuple[RecordField, Record]


def record_key(doc_key: str, record: Record) -> str:
    """The ``row_key`` of a record's findings (unique across documents)."""
    return f"{doc_key[:16]}:{record.key}"


def _retry_without_digits(det: Detector, values: pl.Series,
                          checked: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Re-check rejected values that contain digits with the digits removed; also
    return which values were accepted that way (to flag them)."""
    retry = checked.is_null() & values.str.contains(r"\d")
    if not bool(retry.any()):
        return checked, pl.repeat(False, len(values), eager=True)
    stripped = values.str.replace_all(r"\d+", "").str.replace_all(r"\s+", " ").str.strip_chars()
    again = det.check_column(stripped.set(~retry, None)).rechunk()
    accepted = retry & again.is_not_null()
    return pl.select(pl.when(accepted).then(again).otherwise(checked)).to_series(), accepted


class RecordScanner:
    """Checks typed fields per element and scans the rest as text."""

    def __init__(self, detectors: DetectorSet, text: TextScanner) -> None:
        self.text = text
        self._for_element: dict[str, Detector] = {}
        for d in detectors.detectors:  # the detector named like the element wins
            if d.element_type not in self._for_element or d.id == d.element_type:
                self._for_element[d.element_type] = d

    def detector_for(self, element: str) -> Detector | None:
        """The detector that checks fields typed ``element`` (None: unknown element)."""
        return self._for_element.get(element)

    def scan(self, doc_key: str, records: Sequence[Record], out: FindingColumns) -> int:
        """Findings of a batch of records into ``out``; returns how many."""
        typed: dict[str, list[_Item]] = {}
        free: list[_Item] = []
        for rec in records:
            for field in rec.fields:
                if not field.value.strip():
                    continue
                det = self._for_element.get(field.element) if field.element else None
                if det is None:
                    free.append((field, rec))
                else:
                    typed.setdefault(det.id, []).append((field, rec))
        n = 0
        for items in typed.values():
            det = self._for_element[items[0][0].element or ""]
            n += self._check_typed(doc_key, det, items, out, free)
        return n + self._scan_free(doc_key, free, out)

    def _check_typed(self, doc_key: str, det: Detector, items: list[_Item], out: FindingColumns,
                     rejected: list[_Item]) -> int:
        if len(items) <= SCALAR_MAX:
            return self._check_typed_scalar(doc_key, det, items, out, rejected)
        values = pl.Series("value", [f.value for f, _ in items], dtype=pl.String)
        checked = det.check_column(values).rechunk()
        noisy = None
        if det.element_type in DIGIT_NOISE:
            checked, noisy = _retry_without_digits(det, values, checked)
        keep = checked.is_not_null() & (checked != Validation.INVALID.value)
        not_it = checked.is_null().to_list()
        rejected.extend(item for item, flag in zip(items, not_it, strict=True) if flag)
        kept = [item for item, flag in zip(items, keep.to_list(), strict=True) if flag]
        if not kept:
            return 0
        validations = checked.filter(keep)
        conf = validations.replace_strict(list(TYPED_CONFIDENCE), list(TYPED_CONFIDENCE.values()),
                                          return_dtype=pl.Float64)
        out.add_record_fields(det, values.filter(keep), validations, conf,
                              [f.loc for f, _ in kept],
                              [record_key(doc_key, r) for _, r in kept], [r.role for _, r in kept],
                              extra_flag=None if noisy is None else noisy.filter(keep))
        return len(kept)

    def _check_typed_scalar(self, doc_key: str, det: Detector, items: list[_Item], out: FindingColumns,
                            rejected: list[_Item]) -> int:
        """``_check_typed`` value by value: the same results (the detectors' column methods are tested
        equal to their per-value ones) without polars' fixed cost per call, which dominates the few
        fields of a one-record document (a DICOM header, a CCD)."""
        n = 0
        for item in items:
            field, rec = item
            value = field.value
            result = det.check_cell(value)
            extra: tuple[str, ...] = ()
            if result is None and det.element_type in DIGIT_NOISE and _DIGITS.search(value):
                result = det.check_cell(" ".join(_DIGITS.sub("", value).split()))
                extra = (DIGIT_NOISE_FLAG,) if result is not None else ()
            if result is None:
                rejected.append(item)
                continue
            if result is Validation.INVALID:
                continue
            flags = tuple(det.flags(value, det.validate(value))) + extra
            out.add_findings([Finding(det.element_type, det.id, value, det.normalize(value),
                                      TYPED_CONFIDENCE[result.value], result, field.loc, flags=flags,
                                      role=rec.role)], row_key=record_key(doc_key, rec))
            n += 1
        return n

    def _scan_free(self, doc_key: str, items: list[_Item], out: FindingColumns) -> int:
        if not items:
            return 0
        units = [TextUnit(f.value, f.loc, f.label) for f, _ in items]
        found = self.text.scan_units_indexed(units)
        for i, finding in found:
            rec = items[i][1]
            finding.role = rec.role
            out.add_findings([finding], row_key=record_key(doc_key, rec))
        return len(found)
