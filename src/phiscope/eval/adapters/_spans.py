"""What the span-labelled adapters share: the type mapping as data and writing texts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from phiscope.errors import UsageError
from phiscope.eval.truth import Occurrence, TruthFile, TruthSet


@dataclass(frozen=True, slots=True)
class TypeMap:
    """How one gold entity type is scored.

    ``element``: the phiscope element it is scored under (None: no element
    covers it; it is still reported by type). ``accepts``: elements whose
    findings match it. ``phi``: whether a document holding it is PHI-bearing.
    """

    element: str | None
    accepts: frozenset[str]
    phi: bool = True


def tm(element: str | None, *accepts: str, phi: bool = True) -> TypeMap:
    """A ``TypeMap``; ``accepts`` defaults to ``element``."""
    acc = frozenset(accepts) if accepts else frozenset({element} if element else ())
    return TypeMap(element, acc, phi)


@dataclass(frozen=True, slots=True)
class Span:
    """One gold span of one record."""

    start: int
    end: int
    label: str


def build(kind: str, records: Iterable[tuple[str, str, list[Span]]], mapping: dict[str, TypeMap],
          labelled: frozenset[str] | None, unlabelled: frozenset[str] = frozenset()) -> TruthSet:
    """A span ``TruthSet`` from ``(file, text, spans)``; gold types absent from ``mapping`` are ignored."""
    occurrences: list[Occurrence] = []
    files: list[TruthFile] = []
    ignored: dict[str, int] = {}
    for file, text, spans in records:
        phi = False
        for k, s in enumerate(sorted(spans, key=lambda s: (s.start, s.end, s.label))):
            m = mapping.get(s.label)
            if m is None:
                ignored[s.label] = ignored.get(s.label, 0) + 1
                continue
            phi = phi or m.phi
            occurrences.append(Occurrence(f"{file}#{k}", file, m.element, text[s.start:s.end], None, s.label,
                                          m.accepts, s.start, s.end, phi=m.phi))
        files.append(TruthFile(file, phi))
    return TruthSet(kind, occurrences, files, "span", {}, labelled,
                    {"records": len(files), "ignored_types": dict(sorted(ignored.items()))}, unlabelled)


def write_texts(texts: Iterable[tuple[str, str]], out_dir: Path) -> int:
    """Write each ``(file, text)`` as UTF-8 without newline translation, so offsets line up."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UsageError(f"{out_dir} exists and is not an empty folder; choose a new folder to export into")
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    for file, text in texts:
        (out_dir / file).write_bytes(text.encode("utf-8"))
        n += 1
    return n
