"""Delimiter, width and header of a delimited text file, from a sample of its start."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from phiscope.readers._tabular import column_names, is_header

DELIMITERS = (",", "\t", ";", "|", "^", "~", ":")
_SAMPLE_ROWS = 200


@dataclass(frozen=True, slots=True)
class CsvLayout:
    """How to read one delimited file."""

    delimiter: str
    width: int
    has_header: bool
    names: list[str]


def _complete_part(sample: str, complete: bool) -> str:
    """The sample without its last, possibly cut, line."""
    if complete:
        return sample
    cut = sample.rfind("\n")
    return sample[: cut + 1] if cut > 0 else sample


def parse_rows(text: str, delimiter: str, limit: int = _SAMPLE_ROWS) -> list[list[str]]:
    """Up to ``limit`` non-empty rows of ``text`` parsed with ``delimiter`` ([] on a parse error)."""
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"'):
            if row and any(row):
                rows.append(row)
                if len(rows) >= limit:
                    break
    except csv.Error:
        return []
    return rows


def _consistency(rows: list[list[str]]) -> tuple[float, int]:
    """(share of rows with the most common field count, that count)."""
    if not rows:
        return 0.0, 0
    width, hits = Counter(len(r) for r in rows).most_common(1)[0]
    return (hits / len(rows) if width >= 2 else 0.0), width


def sniff_delimiter(text: str) -> str:
    """The candidate delimiter that splits the sample most consistently into 2+ fields."""
    best, best_score = ",", 0.0
    for delim in DELIMITERS:
        if delim not in text:
            continue
        score, _ = _consistency(parse_rows(text, delim, 50))
        if score > best_score:
            best, best_score = delim, score
    if best_score == 0.0:
        try:
            return csv.Sniffer().sniff(text[:20000], delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            return ","
    return best


def detect_layout(sample: str, complete: bool) -> CsvLayout | None:
    """The layout of a file starting with ``sample``; None when it holds no rows."""
    text = _complete_part(sample, complete)
    delim = sniff_delimiter(text)
    rows = parse_rows(text, delim)
    if not complete and len(rows) > 1:
        rows = rows[:-1]  # may end inside a quoted field cut by the sample
    if not rows:
        return None
    _, width = _consistency(rows)
    width = max(width, 1)
    header = is_header(rows[0], rows[1:]) if len(rows) > 1 else False
    return CsvLayout(delim, width, header, column_names(rows[0] if header else None, width))


def looks_delimited(head_text: str) -> bool:
    """Cheap check for sniffing: 3+ complete rows split consistently into 2+ fields."""
    text = _complete_part(head_text, False)
    for delim in DELIMITERS[:5]:
        if delim in text:
            rows = parse_rows(text, delim, 30)
            if len(rows) >= 3 and _consistency(rows)[0] >= 0.9:
                return True
    return False
