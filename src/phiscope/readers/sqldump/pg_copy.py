"""PostgreSQL ``COPY table (columns) FROM stdin;`` blocks: the data lines up to ``\\.``.

Text format (what pg_dump writes): fields split at the delimiter (tab), ``\\N``
is NULL, backslash escapes (``\\t``, ``\\n``, ``\\\\``, octal, ``\\x``) decoded.
CSV format (``WITH (FORMAT csv)``, hand-written dumps): quoted fields may span
lines; a record is complete when its quotes balance.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from phiscope.readers.sqldump.schema import IDENT_LIST, QNAME, TableName, ident_list
from phiscope.readers.sqldump.values import Row, pg_unescape

_HEAD = re.compile(
    rf"\s*COPY\s+(?:ONLY\s+)?({QNAME})\s*(?:\(\s*({IDENT_LIST})?\s*\)\s*)?FROM\s+(?:stdin|pstdin)\b(.*)",
    re.I | re.S,
)
_OPTION = re.compile(
    r"\b(FORMAT|DELIMITER|NULL|QUOTE|ESCAPE|HEADER|CSV|BINARY)\b(?:\s+(?:AS\s+)?('(?:[^']|'')*'|\w+))?", re.I
)
END_OF_DATA = "\\."


@dataclass(frozen=True, slots=True)
class CopyFormat:
    """How the data lines of one COPY block are written."""

    csv: bool = False
    binary: bool = False
    delimiter: str = "\t"
    null: str = "\\N"
    quote: str = '"'
    escape: str = '"'
    header: bool = False


def _literal(value: str | None, default: str) -> str:
    if not value:
        return default
    return value[1:-1].replace("''", "'") if value.startswith("'") else value


def copy_format(options: str) -> CopyFormat:
    """The format of the options after ``FROM stdin`` (old ``WITH CSV HEADER`` and new ``(FORMAT csv)``)."""
    opts: dict[str, str | None] = {m[1].upper(): m[2] for m in _OPTION.finditer(options)}
    fmt = (opts.get("FORMAT") or "").lower()
    is_csv = "CSV" in opts or fmt == "csv"
    quote = _literal(opts.get("QUOTE"), '"')
    header = "HEADER" in opts and (opts["HEADER"] or "true").lower() not in ("false", "off", "0")
    return CopyFormat(
        csv=is_csv, binary="BINARY" in opts or fmt == "binary",
        delimiter=_literal(opts.get("DELIMITER"), "," if is_csv else "\t")[:1] or "\t",
        null=_literal(opts.get("NULL"), "" if is_csv else "\\N"),
        quote=quote[:1] or '"', escape=(_literal(opts.get("ESCAPE"), quote)[:1] or quote), header=header,
    )


@dataclass(frozen=True, slots=True)
class CopyHead:
    """A ``COPY ... FROM stdin`` statement: table, explicit column list, format."""

    table: TableName
    columns: list[str] | None
    fmt: CopyFormat


def copy_head(statement: str) -> CopyHead | None:
    """The head of a ``COPY ... FROM stdin`` statement; None for any other COPY."""
    m = _HEAD.match(statement)
    if m is None:
        return None
    columns = ident_list(m.group(2)) if m.group(2) else None
    return CopyHead(TableName.parse(m.group(1)), columns, copy_format(m.group(3)))


def _split_escaped(line: str, delimiter: str) -> list[str]:
    """Split at delimiters that are not escaped by a backslash."""
    fields, start, i, n = [], 0, 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == delimiter:
            fields.append(line[start:i])
            start = i + 1
        i += 1
    fields.append(line[start:])
    return fields


def text_row(line: str, fmt: CopyFormat) -> Row:
    """One data line of the text format as values (NULL and empty as None)."""
    delim = fmt.delimiter
    if "\\" not in line and fmt.null == "\\N":
        return [f or None for f in line.split(delim)]
    fields = _split_escaped(line, delim) if "\\" + delim in line else line.split(delim)
    null = fmt.null
    return [None if (not f or f == null) else (pg_unescape(f) if "\\" in f else f) for f in fields]


@dataclass(slots=True)
class CopyBlock:
    """The rows of one COPY block so far (with the line each starts on), and the problems met."""

    head: CopyHead
    line: int  # of the COPY statement
    rows: list[Row] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # of each row
    pending: list[str] = field(default_factory=list)  # a CSV record that goes on in the next line
    pending_line: int = 0  # where that record starts
    header_seen: bool = False
    pieces: list[str] = field(default_factory=list)  # of a very long line
    piece_chars: int = 0
    skipping: bool = False  # the rest of a line too long to hold

    @property
    def in_piece(self) -> bool:
        """Whether a very long line is being collected or skipped."""
        return bool(self.pieces) or self.skipping

    def join(self, piece: str, eol: bool, limit: int) -> tuple[str | None, str, bool]:
        """Collect a piece of a very long line. Returns the whole line at its end (else None); the
        text of a line longer than ``limit``, given back piece by piece to be scanned as text; and
        True the first time a line is found too long."""
        first = not self.skipping and self.piece_chars + len(piece) > limit
        if first:
            spill, self.pieces, self.piece_chars, self.skipping = "".join(self.pieces) + piece, [], 0, True
        elif self.skipping:
            spill = piece
        else:
            self.pieces.append(piece)
            self.piece_chars += len(piece)
            if not eol:
                return None, "", False
            whole, self.pieces, self.piece_chars = "".join(self.pieces), [], 0
            return whole, "", False
        self.skipping = not eol
        return None, spill, first

    def add(self, line: str, no: int) -> None:
        """Decode one complete data line (not the ``\\.`` terminator), line ``no`` of the file."""
        fmt = self.head.fmt
        if not fmt.csv:
            self.rows.append(text_row(line, fmt))
            self.lines.append(no)
            return
        if not self.pending:
            self.pending_line = no
        self.pending.append(line)
        record = "\n".join(self.pending)
        if fmt.quote == fmt.escape and record.count(fmt.quote) % 2:
            return  # a quoted field goes on in the next line
        self.pending = []
        if fmt.header and not self.header_seen:
            self.header_seen = True
            return
        fields = next(csv.reader([record], delimiter=fmt.delimiter, quotechar=fmt.quote,
                                 doublequote=fmt.quote == fmt.escape,
                                 escapechar=None if fmt.quote == fmt.escape else fmt.escape), [])
        self.rows.append([None if (not f or f == fmt.null) else f for f in fields])
        self.lines.append(self.pending_line)
