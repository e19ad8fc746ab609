"""The ICD-10-CM code set, from the MIT-licensed ``simple_icd_10_cm`` package.

The package ships the CMS code list (chapters, blocks and codes in tabular
order, one per line). Importing the package itself parses the 10 MB tabular
XML — about 1.4 s and 185 MB per process — so the list file it ships is read
directly (about 0.05 s, a few MB). If that file cannot be found (a future
package layout), the package's own API is used instead; both give the same
set that ``simple_icd_10_cm.is_valid_item`` accepts.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

_PACKAGE = "simple_icd_10_cm"


@dataclass(frozen=True, slots=True)
class Icd10CodeSet:
    """Valid ICD-10-CM codes (dotless, upper-case) and each category's chapter."""

    codes: frozenset[str]
    chapters: Mapping[str, int]
    source: str

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.replace(".", "").upper() in self.codes

    def chapter_of(self, code: str) -> int | None:
        """Chapter number (1-22) of a code's three-character category."""
        return self.chapters.get(code.replace(".", "").upper()[:3])


def build_code_set(ordered: Iterable[str], source: str) -> Icd10CodeSet:
    """Code set from the tabular-order list (chapter numbers, ``A00-A09`` blocks, codes)."""
    codes: set[str] = set()
    chapters: dict[str, int] = {}
    chapter = 0
    for raw in ordered:
        item = raw.strip().replace(".", "").upper()
        if not item or "-" in item:
            continue
        if item.isdigit():
            chapter = int(item)
            continue
        codes.add(item)
        chapters.setdefault(item[:3], chapter)
    return Icd10CodeSet(frozenset(codes), MappingProxyType(chapters), source)


def _shipped_list() -> Path | None:
    """The code list file inside the installed package, found without importing it."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        found = sorted(Path(location, "data").glob("code-list-*.txt"))
        if found:
            return found[-1]
    return None


def load_icd10_code_set() -> Icd10CodeSet:
    """Load the code set (fast path: the shipped list; fallback: the package API)."""
    path = _shipped_list()
    if path is not None:
        with path.open(encoding="utf-8") as fh:
            code_set = build_code_set(fh, f"{_PACKAGE}:{path.name}")
        if len(code_set.codes) > 50_000:
            return code_set
    import simple_icd_10_cm as cm

    return build_code_set(cm.get_all_codes(False), f"{_PACKAGE}:api")
