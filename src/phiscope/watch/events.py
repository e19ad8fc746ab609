"""The access-event model every log format is normalized into, and typed parse errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from phiscope.errors import ErrorKind

# Normalized actions (parsers map their format's verbs onto these).
READ = "read"
WRITE = "write"
DELETE = "delete"
EXPORT = "export"  # COPY ... TO, dumps, downloads of whole objects
EXEC = "exec"  # a program started (auditd EXECVE)
CONNECT = "connect"  # a network flow (Zeek conn)
LOGIN = "login"
OTHER = "other"


@dataclass(slots=True)
class AccessEvent:
    """One access to data, whatever log it came from.

    ``ts`` is seconds since the epoch (UTC). ``patients`` holds the patient identifiers
    touched when the log names them (EHR access logs, FHIR AuditEvent); database logs
    usually give only ``rows``. ``command`` is the statement or command line: detectors
    classify it but never copy it into alerts (it may hold literal values).
    """

    ts: float
    actor: str
    action: str = OTHER
    role: str = ""
    host: str = ""
    object: str = ""
    patients: tuple[str, ...] = ()
    rows: int = 0
    bytes: int = 0
    tool: str = ""
    command: str = ""
    dest: str = ""
    source: str = ""  # parser id
    line: int = 0  # line number in its input (first line of a multi-line record)

    @property
    def time(self) -> dt.datetime:
        """``ts`` as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self.ts, dt.UTC)


@dataclass(frozen=True, slots=True)
class ParseError:
    """A line or record that could not be parsed (counted and reported, never fatal).

    ``message`` says what was wrong in general terms; it never quotes the input.
    """

    source: str
    line: int
    kind: ErrorKind = ErrorKind.CORRUPT
    message: str = "malformed record"


@dataclass
class IngestStats:
    """Counts of one ingest: events per parser and malformed records per parser and kind."""

    events: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    first_errors: list[ParseError] = field(default_factory=list)

    def event(self, source: str) -> None:
        """Count one event of ``source``."""
        self.events[source] = self.events.get(source, 0) + 1

    def error(self, err: ParseError, keep: int = 20) -> None:
        """Count one malformed record; keep the first few for the report."""
        key = f"{err.source}:{err.kind}"
        self.errors[key] = self.errors.get(key, 0) + 1
        if len(self.first_errors) < keep:
            self.first_errors.append(err)

    @property
    def total_events(self) -> int:
        """All events counted."""
        return sum(self.events.values())

    @property
    def total_errors(self) -> int:
        """All malformed records counted."""
        return sum(self.errors.values())
