"""The head of a longer dotted token is not a code on its own.

In "Dx: E11.99999" the dotted pattern cannot match (too many characters after
the dot), but the bare pattern still sees "E11"; likewise "E11.9" in
"E11.9.1". A candidate directly followed by ".<letter or digit>" is part of
something else (an invalid code, a version number, a file name) and is
dropped; a sentence-ending dot ("Dx: E11.9. Next") is not affected.
"""

from __future__ import annotations

import re

APPLIES_TO = ("icd10_diagnosis",)

_DOT_CONTINUES = re.compile(r"^\.[0-9A-Za-z]")


def excluded(value: str, before: str, after: str) -> bool:
    """True for a candidate that continues with a dot and more characters."""
    return _DOT_CONTINUES.match(after) is not None
