"""A generic CSV EHR access log with a column mapping.

Columns are found by header name (case-insensitive synonyms below) unless the config maps
them: ``[parsers.csv-access.columns]`` ``time = "AccessDateTime"``, ``actor = "UserID"``…
Several patient identifiers in one cell are separated by ``;`` or ``|``. Times are ISO
8601 (naive = UTC) or epoch seconds.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from phiscope.watch.events import DELETE, EXPORT, LOGIN, OTHER, READ, WRITE, AccessEvent, ParseError
from phiscope.watch.parsers._common import as_int, column_map, parse_time
from phiscope.watch.parsers.base import LogParser, ParseItem

SYNONYMS: dict[str, tuple[str, ...]] = {
    "time": ("time", "timestamp", "access_time", "accessdatetime", "event_time", "datetime", "date_time"),
    "actor": ("actor", "user", "user_id", "userid", "username", "employee_id", "login"),
    "role": ("role", "user_role", "job_title", "department_role"),
    "host": ("host", "ip", "source_ip", "workstation", "client", "device"),
    "action": ("action", "access_type", "event_type", "activity", "operation"),
    "object": ("object", "resource", "screen", "module", "table", "report"),
    "patients": ("patient", "patient_id", "patients", "mrn", "patient_mrn", "patient_ids"),
    "rows": ("rows", "row_count", "records", "record_count"),
    "bytes": ("bytes", "byte_count", "size"),
    "tool": ("tool", "application", "app", "program"),
}
_ACTIONS = {"view": READ, "read": READ, "open": READ, "print": EXPORT, "export": EXPORT,
            "download": EXPORT, "update": WRITE, "edit": WRITE, "write": WRITE, "create": WRITE,
            "delete": DELETE, "login": LOGIN, "logon": LOGIN, "search": READ, "query": READ}


class CsvAccessParser(LogParser):
    """EHR access log as CSV with a header row."""

    id = "csv-access"
    description = "generic CSV EHR access log (column mapping by header or config)"

    def sniff(self, head: list[str]) -> float:
        if not head:
            return 0.0
        cols = self._mapping(_header(head[0]))
        return 0.8 if "time" in cols and "actor" in cols else 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        it = iter(lines)
        first = next(it, None)
        if first is None:
            return
        cols = self._mapping(_header(first))
        if "time" not in cols or "actor" not in cols:
            yield ParseError(self.id, 1, message="CSV header has no time or actor column")
            return
        reader = csv.reader(it)
        n = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                n += 1
                yield ParseError(self.id, n, message="CSV syntax error")
                continue
            n = reader.line_num + 1
            if not row:
                continue
            yield _event(row, cols, n)

    def _mapping(self, header: list[str]) -> dict[str, int]:
        return column_map(header, SYNONYMS, self.options.get("columns", {}))


def _header(line: str) -> list[str]:
    try:
        return next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return []


def _event(row: list[str], cols: dict[str, int], n: int) -> ParseItem:
    def get(field: str) -> str:
        i = cols.get(field)
        return row[i] if i is not None and i < len(row) else ""

    try:
        ts = parse_time(get("time"))
    except ValueError:
        return ParseError(CsvAccessParser.id, n, message="bad or missing time")
    actor = get("actor").strip()
    if not actor:
        return ParseError(CsvAccessParser.id, n, message="missing actor")
    raw = get("patients").replace("|", ";")
    patients = tuple(p.strip() for p in raw.split(";") if p.strip()) if raw else ()
    rows = as_int(get("rows")) or len(patients)
    return AccessEvent(ts=ts, actor=actor, action=_ACTIONS.get(get("action").strip().lower(), OTHER),
                       role=get("role").strip(), host=get("host").strip(), object=get("object").strip(),
                       patients=patients, rows=rows, bytes=as_int(get("bytes")), tool=get("tool").strip(),
                       source=CsvAccessParser.id, line=n)
