"""Turn JSON parse events into TextUnits (one per string/number leaf) and TableBatches.

An array whose elements are objects with mostly the same keys (scalars or
nested objects of scalars, flattened to ``name.family``) becomes a table: one
row per object, so each object is treated as one record/person. Those leaves
are not also emitted as text. Anything else is emitted leaf by leaf with its
JSONPath (``$.patients[3].name.family``) and its key as label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from phiscope.model import Location, ReadItem, TableBatch, TextUnit

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_ROW_CHARS = 1 << 20
_MAX_ROW_COLUMNS = 1000
_TEXT_KINDS = ("string", "number")


def child_path(parent: str, key: str | int) -> str:
    """JSONPath of a member (``$.a``, ``$['a b']``) or element (``$.a[3]``)."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if _IDENT.fullmatch(key):
        return f"{parent}.{key}"
    return "{}['{}']".format(parent, key.replace("\\", "\\\\").replace("'", "\\'"))


def _similar(a: dict[str, Any], b: dict[str, Any]) -> bool:
    union = len(a.keys() | b.keys())
    return union > 0 and len(a.keys() & b.keys()) * 2 >= union


@dataclass
class _Frame:
    path: str
    is_array: bool
    label: str | None
    key: str = ""
    index: int = -1
    mode: str = "undecided"  # arrays: "undecided" | "table" | "leaves"
    rows: list[dict[str, str | None]] = field(default_factory=list)
    first_index: int = 0
    held: list[TextUnit] = field(default_factory=list)


@dataclass
class _Capture:
    """An array element (object) being collected as a possible table row."""

    depth: int  # stack index of the array frame
    index: int
    row: dict[str, str | None] = field(default_factory=dict)
    leaves: list[TextUnit] = field(default_factory=list)
    chars: int = 0


class JsonWalker:
    """Feed events with ``feed``; take the items produced so far with ``drain``.

    ``line`` (set by the caller, e.g. per NDJSON record) goes into every TextUnit.
    """

    def __init__(self, loc: Location, batch_rows: int) -> None:
        self._loc = loc
        self._batch_rows = max(1, batch_rows)
        self._stack: list[_Frame] = []
        self._cap: _Capture | None = None
        self._out: list[ReadItem] = []
        self.line: int | None = None

    def drain(self) -> list[ReadItem]:
        """Items produced since the last call, in document order."""
        out, self._out = self._out, []
        return out

    def feed(self, kind: str, value: Any) -> None:
        """Process one parse event."""
        if kind == "map_key":
            self._stack[-1].key = value
        elif kind == "start_map" or kind == "start_array":
            self._open(kind == "start_array")
        elif kind == "end_map" or kind == "end_array":
            self._close()
        else:
            self._scalar(kind, value)

    def skip_element(self) -> None:
        """Count an unreadable element of the current array (e.g. a malformed NDJSON line)."""
        top = self._stack[-1]
        top.index += 1
        self._flush_rows(top)

    def finish(self) -> None:
        """Flush whatever is pending (after the last event, even of an incomplete document)."""
        if self._cap is not None:
            self._abort_capture()
        for frame in reversed(self._stack):
            if frame.is_array:
                self._flush_rows(frame)

    def where(self) -> Location:
        """Location of the innermost open container (for problem reports)."""
        return self._loc.with_(json_path=self._stack[-1].path if self._stack else "$")

    def _child(self) -> tuple[str, str | None]:
        if not self._stack:
            return "$", None
        top = self._stack[-1]
        if top.is_array:
            top.index += 1
            return child_path(top.path, top.index), top.label
        return child_path(top.path, top.key), top.key

    def _open(self, is_array: bool) -> None:
        top = self._stack[-1] if self._stack else None
        path, label = self._child()
        cap_depth = self._cap.depth if self._cap is not None else len(self._stack)
        in_row_list = top is not None and top.is_array and len(self._stack) - 1 > cap_depth
        if self._cap is not None and in_row_list:
            # an object or array inside a list inside a row: not a flat row any more; the
            # list itself may still be a table of its own (identifier: [{system, value}])
            self._abort_capture()
        if is_array and self._cap is not None:
            pass  # a list of scalars inside a row ("given": ["Jane", "Q"]) becomes columns given.[0], …
        elif top is not None and top.is_array and self._cap is None:
            if not is_array and top.mode != "leaves":
                self._cap = _Capture(len(self._stack) - 1, top.index)
            elif is_array:
                self._flush_rows(top)
        self._stack.append(_Frame(path, is_array, label))

    def _close(self) -> None:
        frame = self._stack.pop()
        if frame.is_array:
            self._flush_rows(frame)
        elif self._cap is not None and self._cap.depth == len(self._stack) - 1:
            cap, self._cap = self._cap, None
            self._row_done(self._stack[-1], cap)

    def _scalar(self, kind: str, value: Any) -> None:
        path, label = self._child()
        text = ("true" if value else "false") if kind == "boolean" else None if value is None else str(value)
        unit = TextUnit(text, self._loc.with_(json_path=path, line=self.line), label) \
            if text and kind in _TEXT_KINDS else None
        cap = self._cap
        if cap is not None:
            key = ".".join(f"[{f.index}]" if f.is_array else f.key for f in self._stack[cap.depth + 1 :])
            cap.row[key] = text or None
            if unit is not None:
                cap.leaves.append(unit)
                cap.chars += len(unit.text)
            if cap.chars > _MAX_ROW_CHARS or len(cap.row) > _MAX_ROW_COLUMNS:
                self._abort_capture()
            return
        if self._stack and self._stack[-1].is_array:
            self._flush_rows(self._stack[-1])
        if unit is not None:
            self._out.append(unit)

    def _abort_capture(self) -> None:
        cap = self._cap
        assert cap is not None
        self._cap = None
        self._flush_rows(self._stack[cap.depth])
        self._out.extend(cap.leaves)

    def _row_done(self, frame: _Frame, cap: _Capture) -> None:
        if frame.mode == "leaves":
            self._out.extend(cap.leaves)
            return
        if not frame.rows:
            frame.first_index = cap.index
        frame.rows.append(cap.row)
        if frame.mode == "undecided":
            if len(frame.rows) == 1:
                frame.held = cap.leaves
                return
            if not _similar(frame.rows[0], frame.rows[1]):
                frame.mode = "leaves"
                self._out.extend([*frame.held, *cap.leaves])
                frame.rows, frame.held = [], []
                return
            frame.mode, frame.held = "table", []
        if len(frame.rows) >= self._batch_rows:
            self._emit_table(frame)

    def _flush_rows(self, frame: _Frame) -> None:
        if frame.rows and frame.mode == "table":
            self._emit_table(frame)
        elif frame.rows:
            self._out.extend(frame.held)
        frame.rows, frame.held = [], []

    def _emit_table(self, frame: _Frame) -> None:
        columns = list(dict.fromkeys(k for row in frame.rows for k in row))
        data = {c: [row.get(c) for row in frame.rows] for c in columns}
        self._out.append(TableBatch(
            table_id=frame.path,
            header=columns,
            frame=pl.DataFrame(data, schema=dict.fromkeys(columns, pl.String)),
            loc=self._loc.with_(json_path=frame.path),
            first_row=frame.first_index + 1,
        ))
        frame.first_index += len(frame.rows)
        frame.rows = []
