"""Header detection and column naming shared by the table readers (CSV, sheets,
document tables, JSON records).

A first row is a header when its cells look like labels (mostly filled, not
numbers or dates, mostly letters, short, no ``Label:`` cells) and either most
of them contain typical field words (``name``, ``dob``, ``ssn`` …) or they are
distinct and the data below gives evidence: a column whose values are
numbers/dates under a text label, or fixed-width values under a label of
another width.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Row = Sequence[str | None]

_NUMERIC = re.compile(r"^[\s$€£(+-]*[\d.,/:\s()%+-]*\d[\d.,/:\s()%+-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"[A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_FIELD_WORDS_TEXT = (
    "id no num number name first last middle given family full surname initial dob birth birthdate date "
    "dt ssn sin mrn patient member subscriber account acct policy group claim address addr street city "
    "state zip zipcode postal country county phone tel mobile cell fax email mail gender sex age race "
    "ethnicity code type status description desc amount total balance payment notes note comment "
    "diagnosis dx icd cpt procedure provider npi physician doctor insurance plan employer title "
    "department dept visit admit admission discharge encounter service time created updated license dl "
    "passport medicare medicaid guarantor relationship contact emergency height weight blood allergy "
    "medication rx drug dose result test lab value unit ref facility location user username login "
    "password key"
)
_FIELD_WORDS = frozenset(_FIELD_WORDS_TEXT.split())


def _is_numberlike(value: str) -> bool:
    return bool(_NUMERIC.match(value) or _ISO_DATE.match(value))


def _is_label(value: str) -> bool:
    letters = sum(c.isalpha() for c in value)
    return 0 < len(value) <= 64 and letters >= max(1, len(value) // 2) and not _is_numberlike(value)


def _words(value: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(_CAMEL.sub(" ", value))]


def _column_votes(label: str | None, values: list[str]) -> int:
    """+1 when this column"s data differs in kind from its label, -1 when the label
    looks like just another value of the column, 0 when undecided."""
    if not label or not values:
        return 0
    if label in values:
        return -1
    numeric = sum(_is_numberlike(v) for v in values)
    if numeric >= 0.6 * len(values):
        return 1
    lengths = {len(v) for v in values}
    if len(values) >= 3 and len(lengths) == 1 and len(label) not in lengths:
        return 1
    return 0


def _has_field_word(value: str | None) -> bool:
    return bool(value) and any(w in _FIELD_WORDS for w in _words(value or ""))


def _is_form(data: Sequence[Row]) -> bool:
    """Label/value layout (``Name | Jane Doe`` / ``Phone | 555 …``, checked for two-column
    tables only): the first column of the rows below holds field names too."""
    firsts = [r[0] for r in data if r and r[0]]
    return bool(firsts) and sum(_has_field_word(v) for v in firsts) * 5 >= len(firsts) * 3


def is_header(first: Row, data: Sequence[Row]) -> bool:
    """Whether ``first`` is a header row for the rows ``data`` that follow it."""
    cells = [c.strip() if c else "" for c in first]
    filled = [c for c in cells if c]
    if len(filled) < max(1, (len(cells) + 1) // 2):
        return False
    if not all(_is_label(c) for c in filled):
        return False
    if any(c.endswith(":") for c in filled) or (len(cells) <= 2 and _is_form(data)):
        return False
    if sum(_has_field_word(c) for c in filled) * 2 >= len(filled):
        return True  # exports do repeat names ("Phone, Phone"): field words outweigh that
    if len({c.lower() for c in filled}) != len(filled):
        return False
    votes = 0
    for i, label in enumerate(cells):
        column = [v.strip() for r in data if i < len(r) and (v := r[i]) and v.strip()]
        votes += _column_votes(label, column)
    return votes > 0


def _filled(row: Row) -> int:
    return sum(1 for c in row if c)


def find_header_row(rows: Sequence[Row], scan: int = 5) -> int | None:
    """Index of the header among the top ``scan`` non-empty rows, or None.

    Report titles above it are sparse and fail the header test (only rows at
    least half as wide as the widest row qualify). Of two stacked header-like
    rows — merged group labels over field names — the fuller, lower one wins.
    """
    width = max((_filled(r) for r in rows[: scan + 20]), default=0)
    candidates = [i for i, r in enumerate(rows) if _filled(r)][:scan]
    for n, i in enumerate(candidates):
        if _filled(rows[i]) * 2 >= width and is_header(rows[i], rows[i + 1 : i + 21]):
            below = candidates[n + 1] if n + 1 < len(candidates) else None
            if below is not None and _filled(rows[below]) > _filled(rows[i]) \
                    and is_header(rows[below], rows[below + 1 : below + 21]):
                return below
            return i
    return None


def column_names(header: Sequence[str | None] | None, width: int) -> list[str]:
    """Distinct column names: header cells (blank ones ``column_<n>``), padded to ``width``;
    ``column_1`` … ``column_<width>`` without a header."""
    cells = list(header or [])[:width] + [None] * max(0, width - len(header or []))
    names: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(cells, start=1):
        base = " ".join(cell.split()) if cell and cell.strip() else f"column_{i}"
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        names.append(name)
    return names
