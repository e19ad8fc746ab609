"""Ground truth as the scorer sees it, whatever its source format.

An ``Occurrence`` is one labelled value in one place of one file; a
``TruthFile`` is one file (or archive member) of the corpus and whether it
holds PHI. Adapters (``phiscope.eval.adapters``) turn each source format into
a ``TruthSet``; ``load_truth`` picks the adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from phiscope.errors import UsageError

#: how findings are paired with occurrences (see ``phiscope.eval.match``)
MatchBy = Literal["value", "span"]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One true value in one place.

    ``element`` is the phiscope element id it is scored under, or None when
    no element covers its type (it then only counts for document recall and
    for the precision of the elements in ``accepts``). ``accepts`` are the
    elements a finding may have to match it (default: ``element`` alone).
    ``label`` is the source's own type name (external corpora). ``start`` and
    ``end`` are a character span (end exclusive) when the source knows it.
    """

    id: str
    file: str
    element: str | None
    value: str
    person_id: str | None = None
    label: str | None = None
    accepts: frozenset[str] = frozenset()
    start: int | None = None
    end: int | None = None
    page: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    json_path: str | None = None
    message: int | None = None  # the e-mail of an mbox (1-based), where the source says
    phi: bool = True  # False: labelled but not PHI on its own (a year, a country): no document counts

    def accepted(self) -> frozenset[str]:
        """Elements of findings that may match this occurrence."""
        if self.accepts:
            return self.accepts
        return frozenset({self.element}) if self.element else frozenset()


@dataclass(frozen=True, slots=True)
class TruthFile:
    """A file of the corpus (``top_level``) or a member of one, and whether it holds PHI."""

    file: str
    has_phi: bool
    top_level: bool = True


@dataclass(slots=True)
class TruthSet:
    """Everything a scorer needs from a truth source.

    ``labelled`` is the set of elements the source labels completely: a
    finding of another element cannot be judged (its precision is reported as
    not available). None means every element is labelled but ``unlabelled``.
    """

    kind: str
    occurrences: list[Occurrence]
    files: list[TruthFile]
    match_by: MatchBy
    persons: dict[str, str] = field(default_factory=dict)  # person_id -> kind
    labelled: frozenset[str] | None = None
    meta: dict[str, object] = field(default_factory=dict)
    unlabelled: frozenset[str] = frozenset()

    def is_labelled(self, element: str) -> bool:
        """Whether findings of ``element`` can be judged against this truth."""
        return (self.labelled is None or element in self.labelled) and element not in self.unlabelled

    def top_level_files(self) -> set[str]:
        """Paths of the corpus's files (not archive members)."""
        return {f.file for f in self.files if f.top_level}


def load_truth(path: str | Path, kind: str = "auto") -> TruthSet:
    """Read the truth at ``path`` with the adapter ``kind`` (``auto``: recognise it).

    Raises ``UsageError`` for a missing path, an unknown kind or a folder no
    adapter recognises.
    """
    from phiscope.eval.adapters import ADAPTERS, adapter_for

    p = Path(path)
    if not p.exists():
        raise UsageError(f"truth not found: {p} (give the folder written beside a simulated corpus, "
                         f"or an external corpus folder: {', '.join(ADAPTERS)})")
    return adapter_for(p, kind).load(p)
