"""Spreadsheet cell values as the strings people read in the sheet."""

from __future__ import annotations

import datetime as dt

_EXACT_FLOAT = 2.0**63


def cell_text(value: object) -> str | None:
    """A cell as text: integral numbers without ``.0`` (so SSNs/MRNs stored as numbers read
    back as digits), dates as ISO ``yyyy-mm-dd``, empty cells as None."""
    kind = type(value)
    if kind is str:
        return value or None  # type: ignore[return-value]
    if value is None:
        return None
    if kind is float:
        number: float = value  # type: ignore[assignment]
        if number.is_integer() and abs(number) < _EXACT_FLOAT:
            return str(int(number))
        return repr(number)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
