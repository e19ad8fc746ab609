"""DICOM element values as record field text: person names, postal addresses, plain strings."""

from __future__ import annotations

import re
from collections.abc import Sequence

from phiscope.readers.hl7v2.datatypes import city_state_zip

#: ``City, ST 12345`` (or ``City ST 12345-6789``) at the end of an address, optionally a country after it
_TAIL = re.compile(
    r"(?:^|[,\r\n])\s*(?P<city>[^,\r\n\d]*[^,\r\n\d\s])\s*,?\s+(?P<state>[A-Za-z]{2})\.?\s+"
    r"(?P<zip>\d{5}(?:-\d{4})?)\s*(?:,?\s*(?:USA|U\.S\.A\.|US|United States))?[\s,.]*$"
)
_SPACES = re.compile(r"\s+")
MAX_ADDRESS_CHARS = 256  # longer "addresses" are free text (and the tail pattern stays linear in practice)


def spans(value: object) -> list[tuple[str, int]]:
    """The non-blank string values of an element value (one per value of a multi-valued element),
    each with its character offset in the element's text (values joined by backslashes)."""
    many = isinstance(value, Sequence) and not isinstance(value, str | bytes)
    items: Sequence[object] = value if many else [value]  # type: ignore[assignment]
    out: list[tuple[str, int]] = []
    pos = 0
    for item in items:
        raw = "" if item is None or isinstance(item, bytes | bytearray) else str(item)
        text = raw.strip()
        if text:
            out.append((text, pos + len(raw) - len(raw.lstrip())))
        pos += len(raw) + 1
    return out


def strings(value: object) -> list[str]:
    """The non-blank string values of an element value."""
    return [text for text, _ in spans(value)]


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def pn_group(group: str) -> str:
    """``given middle family suffix`` from one PN component group ``family^given^middle^prefix^suffix``."""
    parts = [_flat(p) for p in group.split("^")] + [""] * 5
    family, given, middle, _prefix, suffix = parts[:5]
    return " ".join(p for p in (given, middle, family, suffix) if p)


def person_names(value: str) -> list[tuple[str, int, int]]:
    """The names of one PN value with their offset and length in it: the alphabetic group, then
    ideographic and phonetic ones that differ (groups without a letter, placeholders like ``----``,
    are left out)."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for group in value.split("=")[:3]:
        name = pn_group(group)
        if any(ch.isalpha() for ch in name) and name not in (n for n, _, _ in out):
            out.append((name, pos, len(group)))
        pos += len(group) + 1
    return out


def split_address(text: str) -> tuple[str, str] | None:
    """(street, ``City, ST ZIP``) of an address, or None when it cannot be split with confidence.

    Two forms are read: HL7-style components ``street^other^city^state^zip^country`` (what
    HL7-fed modalities write) and a line ending ``City, ST 12345`` after the street.
    """
    if len(text) > MAX_ADDRESS_CHARS:
        return None
    if "^" in text:
        c = [_flat(p) for p in text.split("^")] + [""] * 6
        street = " ".join(p for p in c[:2] if p)
        csz = city_state_zip(c[2], c[3], c[4])
        return (street, csz) if street and csz else None
    m = _TAIL.search(text)
    if m is None:
        return None
    street = _flat(text[: m.start()].replace("\r", ",").replace("\n", ",")).strip(" ,")
    if not street or not any(ch.isdigit() for ch in street):
        return None
    csz = city_state_zip(_flat(m.group("city")), m.group("state").upper(), m.group("zip"))
    return street, csz


def tag_text(tag: int) -> str:
    """``(gggg,eeee)``."""
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
