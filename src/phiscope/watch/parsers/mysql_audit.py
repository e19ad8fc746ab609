"""MySQL Enterprise Audit (JSON format) and Percona Audit Log Plugin (JSON format).

MySQL writes a JSON array of pretty-printed event objects (``class``: ``general``,
``connection``, ``table_access``; ``account.user``, ``login.ip``, ``general_data.query``,
``query_statistics.rows_sent``). Percona writes one ``{"audit_record": {...}}`` per line
(``name``, ``timestamp``, ``command_class``, ``sqltext``, ``user``, ``ip``, ``db``;
``rows`` with recent versions). Both are read by the same JSON object stream.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from phiscope.watch.events import DELETE, EXPORT, LOGIN, OTHER, READ, WRITE, AccessEvent, ParseError
from phiscope.watch.parsers._common import as_int, dig, json_objects, parse_time
from phiscope.watch.parsers.base import LogParser, ParseItem

_SQL_ACTION = {"select": READ, "insert": WRITE, "update": WRITE, "replace": WRITE, "delete": DELETE,
               "read": READ, "connect": LOGIN, "change_user": LOGIN}


class MysqlAuditParser(LogParser):
    """MySQL Enterprise / Percona JSON audit records."""

    id = "mysql-audit"
    description = "MySQL Enterprise or Percona JSON audit log"

    def sniff(self, head: list[str]) -> float:
        text = "\n".join(head)
        if '"audit_record"' in text:
            return 0.95
        if '"class"' in text and ('"general_data"' in text or '"connection_data"' in text
                                  or '"table_access_data"' in text or '"account"' in text):
            return 0.9
        return 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        for n, obj in json_objects(lines):
            if not isinstance(obj, Mapping):
                yield ParseError(self.id, n, message="not a JSON object")
                continue
            try:
                ev = _percona(obj["audit_record"]) if "audit_record" in obj else _enterprise(obj)
            except (KeyError, TypeError, ValueError, AttributeError):
                ev = None
            if ev is None:
                yield ParseError(self.id, n, message="JSON audit record without time or user")
                continue
            ev.source, ev.line = self.id, n
            yield ev


def _enterprise(o: Mapping[str, Any]) -> AccessEvent | None:
    if o.get("class") == "audit":  # startup/shutdown markers
        return None
    user = dig(o, "account", "user") or dig(o, "login", "user")
    if not isinstance(user, str) or not user:
        return None
    data = o.get("general_data") or o.get("table_access_data") or {}
    sql = str(dig(data, "sql_command") or o.get("event") or "").lower()
    table = data.get("table", "") if isinstance(data, Mapping) else ""
    db = data.get("db", "") if isinstance(data, Mapping) else ""
    query = str(dig(data, "query") or "")
    rows = as_int(dig(o, "query_statistics", "rows_sent")) or as_int(dig(o, "query_statistics",
                                                                         "rows_examined"))
    return AccessEvent(ts=parse_time(str(o["timestamp"])), actor=user, action=_action(sql, query),
                       host=str(dig(o, "login", "ip") or dig(o, "login", "host") or ""),
                       object=f"{db}.{table}" if table else str(db or ""), rows=rows,
                       tool=str(dig(o, "connection_data", "connection_attributes", "program_name") or ""),
                       command=query)


def _percona(r: Mapping[str, Any]) -> AccessEvent | None:
    user = str(r.get("user") or r.get("priv_user") or "")
    user = user.split("[", 1)[0].strip() or user
    if not user:
        return None
    sql = str(r.get("command_class") or r.get("name") or "").lower()
    query = str(r.get("sqltext") or "")
    rows = as_int(r.get("rows")) or as_int(r.get("rows_sent"))
    return AccessEvent(ts=parse_time(str(r["timestamp"])), actor=user, action=_action(sql, query),
                       host=str(r.get("ip") or r.get("host") or ""), object=str(r.get("db") or ""),
                       rows=rows, command=query)


def _action(sql: str, query: str) -> str:
    if "INTO OUTFILE" in query.upper():
        return EXPORT
    return _SQL_ACTION.get(sql, OTHER)
