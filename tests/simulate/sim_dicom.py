"""Independent rendering of simulated DICOM files for substring checks (pydicom, not phiscope's reader).

Each element is rendered as its raw value plus the forms the truth holds:
``GIVEN MIDDLE FAMILY SUFFIX`` for ``FAMILY^GIVEN^MIDDLE^^SUFFIX``, and for a
``street^unit^city^state^zip`` address its street line and ``City, ST ZIP``.
"""

from __future__ import annotations

import io

import pydicom
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

_PIXEL_DATA = 0x7FE00010


def _forms(value: str) -> list[str]:
    out = [value]
    if "^" in value:
        c = value.split("^") + [""] * 6
        out.append(" ".join(p for p in (c[1], c[2], c[0], c[4]) if p))
        out.append(" ".join(p for p in c[:2] if p))
        out.append(f"{c[2]}, {' '.join(p for p in (c[3], c[4]) if p)}")
    return out


def _walk(ds: Dataset, prefix: str, out: dict[str, list[str]]) -> None:
    for elem in ds:
        if elem.tag == _PIXEL_DATA:
            continue
        column = f"{prefix}{elem.keyword} ({elem.tag.group:04X},{elem.tag.element:04X})"
        if elem.VR == "SQ":
            for i, item in enumerate(elem.value, 1):
                _walk(item, f"{prefix}{elem.keyword}[{i}]/", out)
            continue
        values = list(elem.value) if isinstance(elem.value, MultiValue) else [elem.value]
        out[column] = [form for v in values for form in _forms(str(v))]


def dicom_columns(data: bytes) -> dict[str, list[str]]:
    """Rendered forms of every element, by the column the DICOM reader reports (``Keyword (gggg,eeee)``)."""
    out: dict[str, list[str]] = {}
    _walk(pydicom.dcmread(io.BytesIO(data)), "", out)
    return out


def dicom_text(data: bytes) -> str:
    """Every element's rendered forms, one per line."""
    return "\n".join(form for forms in dicom_columns(data).values() for form in forms)
