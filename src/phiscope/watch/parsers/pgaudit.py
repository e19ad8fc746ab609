"""PostgreSQL pgAudit lines from the server log (stderr/syslog style).

The audit part is CSV: ``AUDIT: AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,CLASS,COMMAND,
OBJECT_TYPE,OBJECT_NAME,STATEMENT,PARAMETER[,ROWS]`` (ROWS with ``pgaudit.log_rows``).
The user, database, client and application come from ``log_line_prefix``; two common
prefixes are understood: ``%m [%p] user=%u,db=%d,app=%a,client=%h`` (pgBadger style, keys
in any order) and the RDS style ``%t:%r:%u@%d:[%p]:``. Statements continued on following
lines (starting with a tab) are joined.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from phiscope.watch.events import EXPORT, OTHER, READ, WRITE, AccessEvent, ParseError
from phiscope.watch.parsers._common import parse_time
from phiscope.watch.parsers.base import LogParser, ParseItem

_TS = r"(?P<ts>\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?: ?(?:[A-Z]{2,5}|[+-]\d\d(?::?\d\d)?))?)"
_KV = re.compile(r"\b(user|db|app|client|host|remote)=([^,\s]*)")
_RDS = re.compile(r"^:(?P<client>[^:(]*)(?:\(\d+\))?:(?P<user>[^@:]*)@(?P<db>[^:]*):\[\d+\]:")
_TO = re.compile(r"\bTO\b", re.I)
_HEAD = re.compile(_TS + r"(?P<prefix>.*?)\bLOG:\s+AUDIT: ")
_CLASS_ACTION = {"READ": READ, "WRITE": WRITE, "DDL": OTHER, "ROLE": OTHER, "FUNCTION": OTHER,
                 "MISC": OTHER, "MISC_SET": OTHER}


class PgAuditParser(LogParser):
    """pgAudit SESSION/OBJECT records with ``log_rows``."""

    id = "pgaudit"
    description = "PostgreSQL pgAudit log lines (log_rows supported)"

    def sniff(self, head: list[str]) -> float:
        hits = sum(1 for line in head if "AUDIT: SESSION," in line or "AUDIT: OBJECT," in line)
        return 0.95 if hits else 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        pending: tuple[int, str] | None = None
        for n, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n")
            if line.startswith("\t") and pending is not None:
                pending = (pending[0], pending[1] + "\n" + line[1:])
                continue
            if pending is not None:
                yield self._record(*pending)
                pending = None
            if "AUDIT: " in line:
                pending = (n, line)
            elif line.strip() and not _is_other_log_line(line):
                yield ParseError(self.id, n, message="not a PostgreSQL log line")
        if pending is not None:
            yield self._record(*pending)

    def _record(self, n: int, text: str) -> ParseItem:
        m = _HEAD.match(text)
        if m is None:
            return ParseError(self.id, n, message="no timestamp/LOG prefix before AUDIT")
        try:
            ts = parse_time(m["ts"])
            fields = next(csv.reader([text[m.end():]], strict=True))
        except (ValueError, csv.Error, StopIteration):
            return ParseError(self.id, n, message="bad timestamp or audit CSV")
        if len(fields) < 9 or fields[0] not in ("SESSION", "OBJECT"):
            return ParseError(self.id, n, message="audit record has too few fields")
        who = _prefix_fields(m["prefix"])
        command, statement = fields[4].upper(), fields[7]
        action = _CLASS_ACTION.get(fields[3], OTHER)
        if command == "COPY" and _TO.search(statement):
            action = EXPORT
        rows = int(fields[9]) if len(fields) > 9 and fields[9].isdigit() else 0
        return AccessEvent(ts=ts, actor=who.get("user", ""), action=action, host=who.get("client", ""),
                           object=fields[6], rows=rows, tool=who.get("app", ""), command=statement,
                           source=self.id, line=n)


@lru_cache(maxsize=1024)  # a session's lines repeat one prefix; callers only read the result
def _prefix_fields(prefix: str) -> dict[str, str]:
    kv = {k: v for k, v in _KV.findall(prefix)}
    if kv:
        if "client" not in kv:
            kv["client"] = kv.get("host", kv.get("remote", ""))
        kv["client"] = kv["client"].split("(")[0]
        return kv
    m = _RDS.match(prefix)
    if m:
        return {"user": m["user"], "db": m["db"], "client": m["client"]}
    return {}


def _is_other_log_line(line: str) -> bool:
    """A PostgreSQL log line that is not an audit record (connection, checkpoint, …)."""
    return bool(re.match(_TS, line)) and (": " in line)
