"""Helpers shared by parsers: timestamps, JSON object streams, nested lookups."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

_DECODER = json.JSONDecoder()
MAX_RECORD_CHARS = 4 << 20  # a JSON record longer than this is dropped as malformed
_FROM_ISO = dt.datetime.fromisoformat
_EPOCH = dt.datetime(1970, 1, 1)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def parse_time(text: str) -> float:
    """Seconds since the epoch of an ISO-8601-like timestamp (naive = UTC).

    Accepts ``2024-03-01T10:00:00Z``, ``2024-03-01 10:00:00.123 UTC``, offsets, and
    epoch seconds. Raises ValueError otherwise. (Called once per log line: the common ISO
    forms take one C-level parse and one subtraction.)
    """
    s = text.strip()
    if len(s) > 10 and s[4] == "-":
        if s[-4] == " " and s.endswith((" UTC", " GMT")):
            s = s[:-4]
        d = _FROM_ISO(s)
        return (d - (_EPOCH if d.tzinfo is None else _EPOCH_UTC)).total_seconds()
    if not s:
        raise ValueError("empty time")
    if s[0].isdigit() and s.replace(".", "", 1).isdigit():
        return float(s)
    if s.endswith((" UTC", " GMT")):
        s = s[:-4]
    d = _FROM_ISO(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.UTC)
    return d.timestamp()


def dig(obj: Any, *path: str | int) -> Any:
    """``obj[p0][p1]...`` or None when any step is missing or of the wrong type (JSON values:
    dicts and lists)."""
    cur = obj
    for p in path:
        t = type(cur)
        if t is dict:
            if type(p) is not str:
                return None
            cur = cur.get(p)
        elif t is list:
            if type(p) is not int or not -len(cur) <= p < len(cur):
                return None
            cur = cur[p]
        else:
            return None
    return cur


def as_int(v: Any) -> int:
    """A non-negative count from a JSON/text value (0 when absent or not a number)."""
    if isinstance(v, bool):
        return 0
    if isinstance(v, int):
        return max(v, 0)
    try:
        return max(int(float(str(v))), 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def json_objects(lines: Iterable[str]) -> Iterator[tuple[int, Any | None]]:
    """JSON values of a stream: one per line (NDJSON), pretty-printed over several lines,
    or inside a ``[ ... ]`` array. Yields ``(first line number, value)``; value None marks a
    malformed record (after which parsing resumes at the next line starting with ``{``)."""
    buf: list[str] = []
    start = 0
    size = 0
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not buf:
            line = line.lstrip("[,").rstrip(",]").strip() if line[:1] in "[,]" else line
            if not line:
                continue
            if line[0] != "{":
                yield n, None
                continue
            try:  # the usual case, one whole record on the line (NDJSON)
                value, end = _DECODER.raw_decode(line)
            except json.JSONDecodeError:
                end = -1
            if end == len(line):
                yield n, value
                continue
            start = n
        buf.append(line)
        size += len(line)
        text = "\n".join(buf) if len(buf) > 1 else line
        value, complete = _try_decode(text)
        if complete:
            buf, size = [], 0
            yield start, value
        elif size > MAX_RECORD_CHARS:
            buf, size = [], 0
            yield start, None
    if buf:
        yield start, None


def _try_decode(text: str) -> tuple[Any | None, bool]:
    """(value, True) when ``text`` holds one whole value (None if malformed), (None, False)
    when it is an incomplete prefix of one."""
    try:
        value, end = _DECODER.raw_decode(text)
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()) - 1 and not e.msg.startswith("Extra data"):
            return None, False
        return None, True
    rest = text[end:].strip().lstrip(",]").strip()
    return (value if not rest else None), True


def header_key(name: str) -> str:
    """Header names compare without case, spaces or punctuation (``Patient MRN`` = ``patient_mrn``)."""
    return "".join(c for c in name.lower() if c.isalnum())


def column_map(header: Sequence[str], fields: Mapping[str, Sequence[str]],
               configured: Mapping[str, Any]) -> dict[str, int]:
    """Field -> column index: the configured header name (when one is set), else the first synonym
    present."""
    keys = [header_key(h) for h in header]
    out: dict[str, int] = {}
    for name, synonyms in fields.items():
        wanted = [str(configured[name])] if configured.get(name) else list(synonyms)
        for w in map(header_key, wanted):
            if w in keys:
                out[name] = keys.index(w)
                break
    return out
