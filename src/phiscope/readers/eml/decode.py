"""Bytes of a MIME part to text: declared charset, then charset_normalizer, never raising."""

from __future__ import annotations

from collections.abc import Iterator

import charset_normalizer

_DECODE_ERRORS = (LookupError, UnicodeError, ValueError)


def decode_bytes(raw: bytes, charset: str | None) -> tuple[str, bool]:
    """Text and whether undecodable bytes had to be replaced."""
    try:
        return raw.decode(charset or "utf-8"), False
    except _DECODE_ERRORS:
        pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None:
        return str(best), False
    return raw.decode("utf-8", "replace"), True


def clean(text: str) -> str:
    """Text without lone surrogates (raw 8-bit header bytes read as UTF-8, else replaced)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def split_text(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) of at most ``size`` characters, cut at a line break or space if possible."""
    start, end_all = 0, len(text)
    while start < end_all:
        end = min(end_all, start + size)
        if end < end_all:
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end
