"""Processing of one input file and everything inside it (members, attachments).

Runs inside a worker. It never touches the store: it emits messages
(``Msg``) that the single writer applies, so a worker can die at any point
without leaving half-written state that a re-run cannot clean up.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from phiscope.detectors.registry import DetectorSet
from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, Location, ReadIssue, Record, TableBatch, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.registry import ReaderSet
from phiscope.scan.columns import FindingColumns
from phiscope.scan.records import RecordScanner
from phiscope.scan.tables import TableScanner
from phiscope.scan.text import TextScanner
from phiscope.sources.blob import Blob

FLUSH_FINDINGS = 50_000
SHORT_UNIT = 512  # text units up to this size are batched into one scan
BATCH_UNITS = 2000
BATCH_CHARS = 256 << 10
BATCH_FIELDS = 50_000  # fields of structured records checked together (vectorised per element)

Msg = tuple[Any, ...]
Emit = Callable[[Msg], None]


@dataclass
class DocCounts:
    """What one document produced."""

    text_units: int = 0
    table_rows: int = 0
    records: int = 0
    children: int = 0
    findings: int = 0
    issues: int = 0
    chars: int = 0


@dataclass
class Engine:
    """Detectors, readers and scanners of one worker process."""

    detectors: DetectorSet
    readers: ReaderSet
    ctx: ReadContext
    text: TextScanner = field(init=False)
    tables: TableScanner = field(init=False)
    records: RecordScanner = field(init=False)
    masks: dict[str, tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.text = TextScanner(self.detectors)
        self.tables = TableScanner(self.detectors, self.text)
        self.records = RecordScanner(self.detectors, self.text)
        self.masks = {d.id: (d.mask.keep_first, d.mask.keep_last) for d in self.detectors.detectors}


def loc_dict(loc: Location | None) -> dict[str, Any] | None:
    """A location as a plain dict (for messages)."""
    return asdict(loc) if loc is not None else None


class DocumentProcessor:
    """Reads a blob with the right reader, detects, recurses into children."""

    def __init__(self, engine: Engine, emit: Emit, task: int, done: frozenset[str]) -> None:
        self.engine = engine
        self.emit = emit
        self.task = task
        self.done = done
        self.seen: set[str] = set()
        self._short: list[TextUnit] = []  # short units of the current document, scanned together
        self._short_chars = 0
        self._records: list[Record] = []  # records of the current document, checked together
        self._record_fields = 0

    def error(self, sha: str | None, path: str, kind: ErrorKind, message: str,
              loc: Location | None = None) -> None:
        """Emit a typed error record."""
        self.emit(("error", self.task, sha, path, kind.value, message, loc_dict(loc)))

    def process(self, blob: Blob, parent_sha: str | None = None) -> None:
        """Process one blob (and, recursively, its children)."""
        limits = self.engine.ctx.limits
        if blob.depth > limits.max_depth:
            self.error(parent_sha, blob.display_path, ErrorKind.NESTING_TOO_DEEP,
                       f"container nesting deeper than {limits.max_depth} levels; not read")
            return
        try:
            sha = blob.sha256()
            size = blob.size
            head = blob.head()
        except OSError as e:
            self.error(parent_sha, blob.display_path, ErrorKind.UNREADABLE, _os_message(e))
            return
        self.emit(("path", self.task, sha, blob.display_path, parent_sha))
        if sha in self.done or sha in self.seen:
            return
        self.seen.add(sha)
        reader = self.engine.readers.choose(head, blob.name)
        reader_id = reader.id if reader else "none"
        self.emit(("begin", self.task, sha, blob.display_path, size, reader_id, parent_sha, blob.depth))
        counts = DocCounts()
        status = "done"
        if reader is None:
            if size:
                self.error(sha, blob.display_path, ErrorKind.UNSUPPORTED,
                           "binary content of an unrecognised format; not scanned")
                counts.issues += 1
        else:
            status = self._read(reader, blob, sha, counts)
        self.emit(("done", self.task, sha, status, asdict(counts)))

    def _read(self, reader: Any, blob: Blob, sha: str, counts: DocCounts) -> str:
        cols = FindingColumns(sha, self.engine.masks)
        status = "done"
        try:
            for item in reader.read(blob, self.engine.ctx):
                self._handle(item, blob, sha, cols, counts)
                if len(cols) >= FLUSH_FINDINGS:
                    self._flush(sha, cols, counts)
        except DocumentError as e:
            self.error(sha, blob.display_path, e.kind, e.message)
            counts.issues += 1
            status = "failed"
        except Exception as e:  # a reader bug must not stop the run; no content in the message
            self.error(sha, blob.display_path, ErrorKind.READER_FAILED,
                       f"{reader.id} reader failed: {type(e).__name__}")
            counts.issues += 1
            status = "failed"
        self._flush(sha, cols, counts)
        return status

    def _handle(self, item: object, blob: Blob, sha: str, cols: FindingColumns, counts: DocCounts) -> None:
        if isinstance(item, TextUnit):
            counts.text_units += 1
            counts.chars += len(item.text)
            if len(item.text) <= SHORT_UNIT:
                self._short.append(item)
                self._short_chars += len(item.text)
                if len(self._short) >= BATCH_UNITS or self._short_chars >= BATCH_CHARS:
                    self._scan_short(cols)
            else:
                cols.add_findings(self.engine.text.scan(item))
            return
        if isinstance(item, Record):
            counts.records += 1
            self._records.append(item)
            self._record_fields += len(item.fields)
            if self._record_fields >= BATCH_FIELDS:
                self._scan_records(sha, cols)
            return
        if isinstance(item, TableBatch):
            counts.table_rows += item.frame.height
            self.engine.tables.scan(sha, item, cols)
        elif isinstance(item, ChildBlob):
            counts.children += 1
            self._emit(sha, cols, counts)
            self._child(item, blob, sha)
        elif isinstance(item, ReadIssue):
            counts.issues += 1
            self.error(sha, blob.display_path, ErrorKind(item.kind), item.message, item.loc)

    def _child(self, item: ChildBlob, parent: Blob, parent_sha: str) -> None:
        """Process an embedded document; the parent's pending units and records wait for it."""
        child = parent.child(item.name, data=item.data, fs_path=item.spool_path, mime_part=item.mime_part)
        saved = (self._short, self._short_chars, self._records, self._record_fields)
        self._short, self._short_chars, self._records, self._record_fields = [], 0, [], 0
        try:
            self.process(child, parent_sha)
        finally:
            self._short, self._short_chars, self._records, self._record_fields = saved
            if item.spool_path:
                with contextlib.suppress(OSError):
                    os.unlink(item.spool_path)

    def _scan_short(self, cols: FindingColumns) -> None:
        """Scan the pending short text units in one pass."""
        if self._short:
            cols.add_findings(self.engine.text.scan_units(self._short))
            self._short = []
            self._short_chars = 0

    def _scan_records(self, sha: str, cols: FindingColumns) -> None:
        """Check the pending structured records in one batch."""
        if self._records:
            self.engine.records.scan(sha, self._records, cols)
            self._records = []
            self._record_fields = 0

    def _flush(self, sha: str, cols: FindingColumns, counts: DocCounts) -> None:
        self._scan_short(cols)
        self._scan_records(sha, cols)
        self._emit(sha, cols, counts)

    def _emit(self, sha: str, cols: FindingColumns, counts: DocCounts) -> None:
        """Send the findings accumulated so far to the writer."""
        n = len(cols)
        table = cols.take_arrow()
        if table is not None:
            counts.findings += n
            self.emit(("findings", self.task, sha, table))
        keys = cols.take_keys()
        if keys is not None:
            self.emit(("keys", self.task, sha, keys))


def _os_message(e: OSError) -> str:
    """An OS error without the path (paths are shown separately)."""
    return f"cannot read: {e.strerror or type(e).__name__}"
