"""A case's findings as the scorer sees them: raw values, paths relative to the corpus root.

Identical content is read once by a scan; its findings are expanded to every
path that held it (as ``bench/accuracy.py`` does). The corpus root is the
prefix that turns the case's document paths into the truth's file paths; it is
inferred from the paths themselves, so a corpus scanned by a relative or an
absolute path scores the same. Raw values stay in memory only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from phiscope.simulate.truth import SEP


@dataclass(frozen=True, slots=True)
class Predicted:
    """One finding at one path; ``id`` is ``<finding_id>@<n>`` (n-th path of its content)."""

    id: str
    finding_id: str
    file: str
    element: str
    value: str
    start: int | None = None
    end: int | None = None
    page: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    json_path: str | None = None
    message: int | None = None  # the e-mail of an mbox (``msg36/1`` -> 36)


@dataclass(slots=True)
class Predictions:
    """Findings inside the corpus, the root found, and how many findings lay outside it."""

    items: list[Predicted]
    root: str | None
    outside: int
    documents: set[str]  # every corpus document the case read (relative paths)


def infer_root(paths: Iterable[str], top_files: set[str]) -> str | None:
    """The most common prefix that makes a document path's top-level file a truth file."""
    roots: Counter[str] = Counter()
    for path in paths:
        parts = path.split(SEP, 1)[0].replace("\\", "/").split("/")
        for i in range(len(parts)):
            if "/".join(parts[i:]) in top_files:
                roots["/".join(parts[:i])] += 1
                break
    return roots.most_common(1)[0][0] if roots else None


def relative(path: str, root: str | None) -> str | None:
    """``path`` relative to ``root`` (member chains kept), or None when outside it."""
    if root is None:
        return None
    top, sep, rest = path.replace("\\", "/").partition(SEP)
    if root:
        if not top.startswith(root + "/"):
            return None
        top = top[len(root) + 1:]
    return top + sep + rest


def load_predictions(findings: Iterable[Mapping[str, Any]], doc_paths: Mapping[str, list[str]],
                     top_files: set[str]) -> Predictions:
    """Findings (with raw ``value``) expanded to every path of their content, relative to the root."""
    root = infer_root((p for ps in doc_paths.values() for p in ps), top_files)
    items: list[Predicted] = []
    outside = 0
    for f in findings:
        for n, path in enumerate(doc_paths.get(f["doc_sha"]) or [f["path"]]):
            rel = relative(path, root)
            if rel is None:
                outside += 1
                continue
            items.append(predicted(f, f"{f['finding_id']}@{n}", rel))
    documents = {r for ps in doc_paths.values() for p in ps if (r := relative(p, root)) is not None}
    return Predictions(items, root, outside, documents)


def predicted(f: Mapping[str, Any], pid: str, file: str) -> Predicted:
    """Finding ``f`` (a finding dict with raw ``value``) at one path: ``pid`` its id there, ``file`` the
    path relative to the corpus root."""
    offset, length = f.get("offset"), f.get("length")
    start = end = None
    if offset is not None and length is not None and f.get("row") is None:
        start, end = int(offset), int(offset) + int(length)  # a table cell's offset is inside the cell
    return Predicted(pid, str(f["finding_id"]), file, str(f["element"]), str(f.get("value") or ""),
                     start, end, f.get("page"),
                     f.get("sheet"), f.get("row"), f.get("column"), f.get("line"), f.get("json_path"),
                     _message(f.get("mime_part")))


_MESSAGE = re.compile(r"^msg(\d+)/")


def _message(part: Any) -> int | None:
    m = _MESSAGE.match(str(part or ""))
    return int(m.group(1)) if m else None
