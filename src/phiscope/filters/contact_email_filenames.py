"""File names that look like e-mail addresses: "logo@2x.png", "icon@3x.svg"."""

from __future__ import annotations

from phiscope.detectors.contact._tlds import FILE_EXTENSIONS

APPLIES_TO = ("email",)


def excluded(value: str, before: str, after: str) -> bool:
    """True when the "top-level domain" is a file extension."""
    return value.rpartition(".")[2].lower() in FILE_EXTENSIONS
