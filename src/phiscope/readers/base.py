"""What a reader is.

One reader per format, in its own package under ``phiscope/readers/<format>/``
(``readers/csv/__init__.py`` defines ``class CsvReader(Reader)``). Readers are
registered automatically by subclassing ``Reader`` and setting ``id``.

The engine picks the reader whose ``sniff`` returns the highest score for the
first bytes of a blob (content first: 0.9-1.0 for a magic number or a
confident structural check; 0.2-0.5 for an extension match alone; 0 = not
mine). Ties go to the reader with the higher ``priority``.

``read`` yields, lazily and in document order:

* ``TextUnit`` — text with its location (page, line, JSON path, MIME part);
  keep units at most a few MB so memory stays bounded;
* ``TableBatch`` — rows of a table, all values as strings, in batches of at
  most ``ctx.batch_rows`` rows;
* ``Record`` — a person mention of a structured format (HL7 v2 PID/GT1/NK1,
  an X12 subscriber loop, a FHIR Patient) with typed ``RecordField``s: the
  format says which element each field is; untyped fields are scanned as text;
* ``ChildBlob`` — an embedded file (archive member, attachment) to be read in
  turn by whichever reader sniffs it;
* ``ReadIssue`` — a problem in part of the document; reading goes on.

A reader raises ``phiscope.errors.DocumentError`` when the whole document is
unreadable (encrypted, corrupt). It must never put raw content in messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from phiscope.model import ReadItem
from phiscope.sources.blob import Blob


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for containers and large inputs."""

    max_depth: int = 8  # nesting of archives/e-mails
    max_ratio: float = 200.0  # expanded/compressed size of one member
    max_member_bytes: int = 8 << 30  # one expanded member
    max_total_bytes: int = 64 << 30  # all members expanded from one archive
    max_members: int = 1_000_000
    spool_over_bytes: int = 32 << 20  # members larger than this go to a temp file


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may need besides the blob."""

    limits: Limits = Limits()
    tmp_dir: str | None = None  # where to spool large members (None = system temp)
    batch_rows: int = 50_000  # rows per TableBatch
    text_unit_chars: int = 4 << 20  # split long text into units of about this size


class Reader:
    """Base class for format readers."""

    id: ClassVar[str] = ""  # stable slug ("csv", "pdf", "zip", "eml" …)
    extensions: ClassVar[tuple[str, ...]] = ()  # lower-case, with dot
    priority: ClassVar[int] = 0

    def sniff(self, head: bytes, name: str) -> float:
        """Confidence that this reader handles a blob (0 = no)."""
        return 0.3 if name.lower().endswith(self.extensions) and self.extensions else 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Yield the items of the document (see module docstring)."""
        raise NotImplementedError
