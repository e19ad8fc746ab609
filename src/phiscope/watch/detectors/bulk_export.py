"""Bulk export commands: COPY ... TO, SELECT without a predicate on a patient table, dump
tools, archivers and cloud uploaders — by an actor that never ran that kind before."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from phiscope.watch.alerts import Alert
from phiscope.watch.config import WatchConfig
from phiscope.watch.detectors.base import DATA_EVENTS, Detector, Mode
from phiscope.watch.events import EXEC, EXPORT, READ, AccessEvent

_SELECT_FROM = re.compile(r"^\s*select\b.*?\bfrom\s+([\w.\"]+)", re.I | re.S)
_PREDICATE = re.compile(r"\b(where|limit|fetch|top|join)\b", re.I)
_COPY_TO = re.compile(r"^\s*copy\b.*\bto\b", re.I | re.S)
_KIND_WORDS = {
    "copy-to": "a COPY ... TO export",
    "select-all": "a SELECT of a whole patient table (no WHERE or LIMIT)",
    "outfile": "a SELECT ... INTO OUTFILE export",
    "dump-tool": "a database dump tool",
    "archive-tool": "an archiving tool",
    "uploader": "a cloud upload tool",
}


class BulkExportDetector(Detector):
    """Export-shaped commands, unless the actor did the same kind during learning."""

    id = "bulk-export"
    summary = "COPY TO, SELECT * of patient tables, dump/archive/upload tools by an actor new to them"
    kinds = DATA_EVENTS

    def __init__(self, config: WatchConfig) -> None:
        super().__init__(config)
        s = self.settings
        self.tools: dict[str, str] = {}
        for kind, key in (("dump-tool", "dump_tools"), ("archive-tool", "archive_tools"),
                          ("uploader", "uploaders")):
            self.tools.update({t.lower(): kind for t in s.get(key, [])})
        self.learn = bool(s.get("learn", True))
        self.patient_tables = config.patient_table_re()
        self.known: set[tuple[str, str]] = set()
        self.alerted: set[tuple[str, str]] = set()
        self._statements: dict[str, str] = {}  # statement text -> its kind

    def classify(self, ev: AccessEvent) -> str:
        """The kind of export this event is ('' when none)."""
        tool = ev.tool.lower()
        if ev.action == EXEC:
            return self.tools.get(tool, "")
        if tool in self.tools and ev.action in (READ, EXPORT):
            return self.tools[tool]
        cmd = ev.command
        if not cmd:
            return "copy-to" if ev.action == EXPORT else ""
        kind = self._statements.get(cmd)
        if kind is None:
            if len(self._statements) >= 4096:  # bounded: applications repeat their statements
                self._statements.clear()
            kind = self._statements[cmd] = self._statement_kind(cmd)
        return kind

    def _statement_kind(self, cmd: str) -> str:
        head = cmd[:12].lstrip().lower()
        if head.startswith("copy") and _COPY_TO.match(cmd):
            return "copy-to"
        if head.startswith("select"):
            if "into outfile" in cmd.lower():
                return "outfile"
            m = _SELECT_FROM.match(cmd)
            if m and not _PREDICATE.search(cmd, m.end()) and self.patient_tables.search(m[1].strip('"')):
                return "select-all"
        return ""

    def observe(self, ev: AccessEvent, mode: Mode) -> list[Alert]:
        if ev.action not in (READ, EXPORT, EXEC):
            return []
        kind = self.classify(ev)
        if not kind:
            return []
        key = (ev.actor, kind)
        if mode is Mode.LEARN:
            self.known.add(key)
            return []
        if (self.learn and key in self.known) or key in self.alerted:
            return []
        self.alerted.add(key)
        what = f" on {ev.object}" if ev.object else ""
        text = (f"{ev.actor} ran {_KIND_WORDS[kind]}{what}"
                f"{f' ({ev.tool})' if ev.tool else ''}; it never did this kind of export while learning. "
                f"Exports like this copy whole tables or files out of the system.")
        return [Alert(f"{self.id}:{kind}", self.family, ev.ts, ev.actor, text, severity="high",
                      role=ev.role, host=ev.host, source=ev.source, line=ev.line,
                      evidence={"kind": kind, "rows": ev.rows, "object": ev.object})]

    def state(self) -> dict[str, Any]:
        return {"known": sorted(map(list, self.known)), "alerted": sorted(map(list, self.alerted))}

    def load_state(self, data: Mapping[str, Any]) -> None:
        self.known |= {(str(a), str(k)) for a, k in data.get("known", [])}
        self.alerted |= {(str(a), str(k)) for a, k in data.get("alerted", [])}
