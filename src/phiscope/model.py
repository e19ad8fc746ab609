"""Core data model shared by sources, readers, detectors, the engine and the store.

Everything here is plain data. Raw values only ever live in ``Candidate.value``
and ``Finding.value`` while in memory; the store keeps them encrypted at rest and
every user-facing rendering shows the masked preview the store computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl


class Validation(StrEnum):
    """Outcome of an element validator (checksum, code set, format rules)."""

    VALID = "valid"
    INVALID = "invalid"
    INDETERMINATE = "indeterminate"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text, a cell or a finding sits.

    ``path`` is the display path chain: members of archives and attachments of
    e-mails are joined with ``!/`` (``batch.zip!/2024/export.csv``).
    All integers are 1-based except ``offset``/``length`` (0-based characters).
    """

    path: str
    page: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    col_index: int | None = None
    json_path: str | None = None
    mime_part: str | None = None
    line: int | None = None
    offset: int | None = None
    length: int | None = None

    def with_(self, **changes: Any) -> Location:
        """Return a copy with some fields changed (hot path: no dataclasses.replace)."""
        g = changes.get
        return Location(
            g("path", self.path), g("page", self.page), g("sheet", self.sheet), g("row", self.row),
            g("column", self.column), g("col_index", self.col_index), g("json_path", self.json_path),
            g("mime_part", self.mime_part), g("line", self.line), g("offset", self.offset),
            g("length", self.length),
        )

    def describe(self) -> str:
        """Short human-readable form, e.g. ``a.xlsx sheet=Bills row=4 col=SSN``."""
        parts = [self.path]
        for name in ("page", "sheet", "row", "column", "json_path", "mime_part", "line", "offset"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value}")
        return " ".join(parts)


# ---------------------------------------------------------------------------
# What readers yield
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A run of text with the location of its first character.

    ``loc.line`` is the line number of the first character (if known) and
    ``loc.offset`` the character offset of the first character inside the
    document's text stream (if known). ``label`` is a field name or key the
    whole unit is the value of (a JSON key, a form label), used as context.
    """

    text: str
    loc: Location
    label: str | None = None


@dataclass(slots=True)
class TableBatch:
    """Consecutive rows of one table (CSV, sheet, SQL table).

    ``frame`` holds every column as strings (nulls for empty cells) named by
    ``header`` (deduplicated). ``first_row`` is the 1-based data-row number of
    the frame's first row within the table. ``table_id`` is stable for all
    batches of one table so that column classification is done once.
    ``lines``, where the format has them (SQL dumps), holds the 1-based line
    of the file each row's values start on, one per frame row; the findings
    of a row's cells carry it as ``loc.line``.
    """

    table_id: str
    header: list[str]
    frame: pl.DataFrame
    loc: Location
    first_row: int = 1
    header_detected: bool = True
    lines: list[int] | None = None


@dataclass(frozen=True, slots=True)
class ChildBlob:
    """An embedded file (archive member, attachment, base64 payload).

    Either ``data`` (small, in memory) or ``spool_path`` (a temporary file the
    engine deletes after use) is set. ``name`` is the member/attachment name
    used in the path chain; ``mime_part`` is set for e-mail attachments.
    """

    name: str
    data: bytes | None = None
    spool_path: str | None = None
    mime_part: str | None = None


@dataclass(frozen=True, slots=True)
class ReadIssue:
    """A problem that does not stop reading the rest of a document."""

    kind: str  # an ErrorKind value
    message: str  # must never contain raw document content
    loc: Location | None = None


@dataclass(frozen=True, slots=True)
class RecordField:
    """One field of a structured record, as the format defines it.

    ``element`` is the element type the format says the field holds
    (``"dob"`` for HL7 PID-7, ``"ssn"`` for PID-19, ``"icd10_diagnosis"`` for
    DG1-3); the engine checks the value with that element's validator. None
    means free text (a note, an OBX text value): it is scanned with every
    detector, ``label`` serving as context. ``label`` is the field's name in the
    format (``"PID-7 date of birth"``, ``"DMG02"``, ``"Patient.birthDate"``).
    """

    value: str
    loc: Location
    element: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """A person mention read from a structured format, with the facts attached to it.

    One record per patient, subscriber, guarantor, next of kin, insured…
    (``role``) of one message/claim/resource. ``key`` is unique within the
    document (``"msg3/PID"``, ``"CLM7/2010BA"``, ``"Patient/123"``); every
    finding of the record's fields shares it as ``row_key`` and carries
    ``role``, so people resolution treats the record as one person. Clinical
    facts of that person (diagnoses, results, medications) are fields of the
    same record.
    """

    key: str
    role: str | None
    fields: tuple[RecordField, ...]


ReadItem = TextUnit | TableBatch | Record | ChildBlob | ReadIssue


# ---------------------------------------------------------------------------
# What detectors and the engine produce
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    """A possible element value found by a pattern, before scoring."""

    detector_id: str
    start: int
    end: int
    value: str
    pattern_score: float
    pattern_name: str = ""


@dataclass(slots=True)
class Finding:
    """One element value found in one place.

    ``value`` is the raw matched text (kept only in the encrypted store),
    ``normalized`` is what is HMAC-ed for matching (digits only for an SSN,
    lower-case for an e-mail, ISO for a date). ``row_key`` groups the
    findings of one table row or one structured record; ``role`` is the role
    of that record's person (patient, guarantor, subscriber…) where the format
    says it.
    """

    element: str
    detector_id: str
    value: str
    normalized: str
    confidence: float
    validation: Validation
    loc: Location
    row_key: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    role: str | None = None


#: Columns of a findings batch sent from the engine to the store (pyarrow
#: table, one row per finding). ``doc_sha`` is the SHA-256 of the document;
#: ``flags`` is comma-joined; ``mask_first``/``mask_last`` are the detector's
#: MaskRule (the store computes the preview and the HMAC itself).
FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_sha", "string"),
    ("element", "string"),
    ("detector_id", "string"),
    ("value", "string"),
    ("normalized", "string"),
    ("confidence", "float64"),
    ("validation", "string"),
    ("path", "string"),
    ("page", "int32"),
    ("sheet", "string"),
    ("row", "int64"),
    ("column", "string"),
    ("col_index", "int32"),
    ("json_path", "string"),
    ("mime_part", "string"),
    ("line", "int64"),
    ("offset", "int64"),
    ("length", "int32"),
    ("row_key", "string"),
    ("role", "string"),
    ("flags", "string"),
    ("mask_first", "int8"),
    ("mask_last", "int8"),
)
