"""Version, build and release numbers: "version 1.2.3.4", "v. 10.1.2020", "build 2.0.1.15"."""

from __future__ import annotations

import re

APPLIES_TO = ("ip_address", "date", "dob")

_VERSION = re.compile(
    r"(?:\b(?:version|ver|vers|release|rel|build|revision|rev|firmware|fw|software|sw|patch|v)\.?|\bv)"
    r"[ \t]*[:#]?[ \t]*$", re.I)


def excluded(value: str, before: str, after: str) -> bool:
    """True when a version word directly precedes the value."""
    return bool(_VERSION.search(before))
