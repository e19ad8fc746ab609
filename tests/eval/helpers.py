"""Hand-made truths and findings for the scorer tests."""

from __future__ import annotations

from typing import Any

from phiscope.eval.truth import Occurrence, TruthFile, TruthSet


def occ(oid: str, file: str, element: str, value: str, person: str | None = None, **loc: Any) -> Occurrence:
    """A value-truth occurrence."""
    return Occurrence(oid, file, element, value, person, **loc)


def finding(fid: str, file: str, element: str, value: str, **loc: Any) -> dict[str, Any]:
    """A finding as ``api.findings(reveal=True)`` yields it; its document is ``sha-<file>``."""
    return {
        "finding_id": fid,
        "doc_sha": f"sha-{file}",
        "path": f"/c/{file}",
        "element": element,
        "value": value,
        **loc,
    }


def doc_paths(*files: str) -> dict[str, list[str]]:
    """Every file read once, under the root ``/c``."""
    return {f"sha-{f}": [f"/c/{f}"] for f in files}


def value_truth(
    occs: list[Occurrence], files: dict[str, bool], persons: dict[str, str] | None = None
) -> TruthSet:
    """A simulator-like truth: matched by value."""
    return TruthSet(
        "simulator", occs, [TruthFile(f, phi) for f, phi in files.items()], "value", persons or {}
    )
