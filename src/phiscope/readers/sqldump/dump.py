"""The reading of a dump: lines -> statements, COPY blocks and INSERT rows -> items.

A line that is one whole INSERT statement (mysqldump, pg_dump ``--inserts``)
is parsed at once; anything else goes through the statement lexer, which
finds the ``;`` that ends it wherever strings and comments put it. An INSERT
longer than ``CUT_CHARS`` is read in parts (its complete tuples taken, the
rest kept), so a multi-GB dump is read in bounded memory. A statement whose
string never closes is cut at the next line that starts a new statement
(``INSERT INTO``, ``COPY``, ``CREATE TABLE`` ...): reading goes on from there.
"""

from __future__ import annotations

import re

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadItem
from phiscope.readers.base import ReadContext
from phiscope.readers.sqldump.dialect import Dialect, after_set
from phiscope.readers.sqldump.inserts import InsertHead, Parsed, insert_head, parse_line, parse_statement
from phiscope.readers.sqldump.lexer import StatementLexer
from phiscope.readers.sqldump.output import Output
from phiscope.readers.sqldump.pg_copy import END_OF_DATA, CopyBlock, copy_head
from phiscope.readers.sqldump.schema import TableName, create_table
from phiscope.readers.sqldump.tables import TableRef
from phiscope.readers.sqldump.values import Row

CUT_CHARS = 8 << 20  # an INSERT statement longer than this is read in parts
MAX_PART_CHARS = 64 << 20  # a single tuple, statement or data line longer than this is read as text
#: a line that starts a new statement: where an unterminated string or cut COPY data is ended
_NEW_STATEMENT = re.compile(
    r"(?:INSERT INTO |REPLACE INTO |COPY \S.* FROM stdin|CREATE TABLE |DROP TABLE |ALTER TABLE |"
    r"LOCK TABLES |UNLOCK TABLES;|/\*!\d{5} |"
    r"-- (?:Name: |Data for Name: |TOC entry |Dumping data for |Table structure for ))"
)
_LEADING = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*(?!!)[\s\S]*?\*/)*")
_WORD = re.compile(r"[A-Za-z]+")
_ALNUM = re.compile(r"[^\W_]")
_NOT_BLANK = re.compile(r"\S")
_SKIP = frozenset((
    "SET", "DROP", "ALTER", "LOCK", "UNLOCK", "USE", "BEGIN", "START", "COMMIT", "END", "ROLLBACK",
    "SAVEPOINT", "RELEASE", "GRANT", "REVOKE", "COMMENT", "SELECT", "PRAGMA", "ANALYZE", "VACUUM", "REINDEX",
    "REFRESH", "TRUNCATE", "DELIMITER", "CREATE", "CLUSTER", "SECURITY", "COPY",
))
#: pg_dump and mysqldump comments that only describe the dump (a date in them is no one's)
_BOILERPLATE = re.compile(
    r"(?:Name: .*; Type: |Data for Name: |TOC entry |Dumped (?:from|by) |PostgreSQL database |MySQL dump |"
    r"MariaDB dump |Host: |Server version|Table structure for |Dumping data for |Dump completed|"
    r"Temporary (?:view |table )?structure|Final view structure|Dumping (?:routines|events)|Completed on )"
)


class DumpParser:
    """Feed numbered lines (``line``); take the items produced (``take``); ``finish`` at the end."""

    def __init__(self, loc: Location, dialect: Dialect, ctx: ReadContext) -> None:
        self.dialect = dialect
        self.emit = Output(loc, ctx)
        self.lexer = StatementLexer(dialect)
        self._stmt: list[str] = []
        self._stmt_chars = 0
        self._stmt_line = 0
        self._buf_line = 0  # the line of the first character of ``_stmt`` (moves as a long INSERT is cut)
        self._cut_at = CUT_CHARS
        self._head: InsertHead | None = None  # of an INSERT read in parts
        self._last_head: tuple[str, InsertHead] | None = None  # (its text, the head) of the last line
        self._as_text = False  # the rest of a statement that cannot be read as rows: scanned as text
        self._copy: CopyBlock | None = None
        self._copy_ref: TableRef | None = None

    @property
    def out(self) -> list[ReadItem]:
        """The items produced and not yet taken."""
        return self.emit.out

    def take(self) -> list[ReadItem]:
        """The items produced since the last call."""
        return self.emit.take()

    def line(self, no: int, text: str, eol: bool) -> None:
        """Read one line (or, ``eol`` False, a piece of a very long one)."""
        pos: int | None = 0
        while pos is not None:  # several statements may share a line: each step reads one
            pos = self._copy_line(no, text, eol) if self._copy is not None else self._step(no, text, pos, eol)

    def finish(self, last_line: int = 0) -> None:
        """The end of the file: a COPY block or statement still open is read as far as it goes."""
        if self._copy is not None:
            self.emit.issue(ErrorKind.TRUNCATED, "the file ends inside COPY data (no \\. terminator); "
                            "the rows before were read", self._copy.line, self._copy.head.table.display)
            self._end_copy()
        elif self._stmt:
            self._end_statement(ErrorKind.TRUNCATED if self.lexer.in_quote else None, eof=True)
        self.emit.flush(last_line)

    # -- statements ------------------------------------------------------------

    def _step(self, no: int, text: str, pos: int, eol: bool) -> int | None:
        """Read ``text`` from ``pos`` up to the end of a statement; where the next one starts, or None."""
        if not self._stmt:
            if eol and self._between(no, text, pos):
                return None
            self._stmt_line = self._buf_line = no
        elif eol and not pos and self.lexer.in_quote and _NEW_STATEMENT.match(text):
            self._end_statement(ErrorKind.CORRUPT)
            return 0
        end = self.lexer.feed(text, pos)
        if end < 0:
            if eol:
                self.lexer.feed("\n")  # ends a -- comment
            self._keep(text[pos:] + "\n" if eol else text[pos:])
            return None
        self._keep(text[pos:end])
        self._end_statement()
        return end + 1 if self._copy is None and _NOT_BLANK.search(text, end + 1) else None

    def _between(self, no: int, text: str, pos: int) -> bool:
        """A line outside any statement that needs no lexer: blank, comment, psql command, or one
        whole INSERT statement."""
        m = _NOT_BLANK.search(text, pos)
        if m is None or (text[m.start()] == "\\" and not pos):
            return True  # psql meta-commands (\connect, \restrict) have no ";"
        if text.startswith("--", m.start()):
            body = text[m.start() + 2 :].strip()
            if _ALNUM.search(body) and not _BOILERPLATE.match(body):
                self.emit.comment(body, no)
            return True
        if pos or text[m.start() : m.start() + 6].upper() not in ("INSERT", "REPLAC"):
            return False
        if not (text.endswith(";") or text.rstrip().endswith(";")):
            return False
        head = self._head_of(text)
        parsed = parse_line(text, head.end, self.dialect) if head is not None else None
        if head is None or parsed is None:
            return False
        self._rows(head, parsed.rows, no, [no] * len(parsed.rows))
        return True

    def _head_of(self, text: str) -> InsertHead | None:
        """The INSERT head of a one-line statement; the last one again when the text starts the same
        way (pg_dump --inserts repeats it on every row)."""
        last = self._last_head
        if last is not None and text.startswith(last[0]):
            return last[1]
        head = insert_head(text)
        if head is not None:
            self._last_head = (text[: head.end], head)
        return head

    def _keep(self, piece: str) -> None:
        self._stmt.append(piece)
        self._stmt_chars += len(piece)
        if self._stmt_chars > self._cut_at:
            self._cut()

    def _cut(self) -> None:
        """Take the complete tuples of a long INSERT; a statement too long to hold is scanned as text."""
        text = "".join(self._stmt)
        if self._as_text:
            self.emit.text(text, self._buf_line)
            self._buf_line += text.count("\n")
            self._stmt, self._stmt_chars = [], 0
            return
        if self._head is None:
            start = _lead(text)
            self._head = insert_head(text[start:])
            if self._head is not None:
                self._buf_line += text.count("\n", 0, start + self._head.end)
                text = text[start + self._head.end :]
        if self._head is not None:
            parsed = parse_statement(text, 0, self.dialect, final=False)
            self._parsed_rows(self._head, parsed, self._buf_line)
            if parsed.error:
                self._malformed(parsed, self._head.table, ErrorKind.CORRUPT, self._buf_line)
                self._buf_line += parsed.rest_newlines + parsed.rest.count("\n")
                self._stmt, self._stmt_chars, self._as_text = [], 0, True
                return
            text = parsed.rest
            self._buf_line += parsed.rest_newlines
        self._stmt, self._stmt_chars = [text], len(text)
        self._cut_at = max(CUT_CHARS, 2 * len(text))
        if len(text) > MAX_PART_CHARS:
            self.emit.issue(ErrorKind.OVERSIZED, f"a statement or tuple longer than {MAX_PART_CHARS >> 20} M "
                            "characters was read as text", self._stmt_line)
            self._as_text = True
            self._cut()

    def _end_statement(self, unterminated: ErrorKind | None = None, eof: bool = False) -> None:
        """Read the statement collected so far. ``unterminated``: it was cut inside a quote (the
        kind of error to report); ``eof``: the file ended inside it."""
        text, head, line, as_text = "".join(self._stmt), self._head, self._stmt_line, self._as_text
        first = self._buf_line  # the line ``text`` starts on
        self._stmt, self._stmt_chars, self._head, self._as_text = [], 0, None, False
        self._cut_at = CUT_CHARS
        self.lexer.reset()
        if as_text:
            if text.strip():
                self.emit.text(text, first)
            return
        insert_kind = ErrorKind.TRUNCATED if eof else unterminated
        if head is not None:
            self._insert(head, text, 0, first, insert_kind)
            return
        lead = _lead(text)
        first += text.count("\n", 0, lead)
        text = text[lead:]
        m = _WORD.match(text)
        word = m.group().upper() if m else ""
        head = insert_head(text) if word in ("INSERT", "REPLACE") else None
        if head is not None:
            self._insert(head, text, head.end, first, insert_kind)
        elif word or unterminated is not None:
            self._statement(text, word, line, unterminated)

    def _statement(self, text: str, word: str, line: int, unterminated: ErrorKind | None) -> None:
        """A statement other than INSERT: table columns, COPY, dialect, or text to scan."""
        if unterminated is not None:
            self.emit.issue(unterminated, "a statement with an unterminated quote was cut at the next "
                            "statement; it was read as text", line)
        if word == "CREATE" and (table := create_table(text)) is not None:
            self.emit.define(*table)
        elif word == "COPY" and (copy := copy_head(text)) is not None:
            self._start_copy(CopyBlock(copy, line))
        elif word == "SET":
            self._set_dialect(after_set(self.dialect, text))
        elif (word not in _SKIP or unterminated is not None) and text.strip():
            self.emit.text(text, line)

    def _insert(self, head: InsertHead, text: str, start: int, line: int, kind: ErrorKind | None) -> None:
        """The rows of an INSERT statement whose ``text`` starts on ``line``."""
        parsed = parse_statement(text, start, self.dialect, final=True)
        self._parsed_rows(head, parsed, line)
        if parsed.error:
            self._malformed(parsed, head.table, kind or ErrorKind.CORRUPT, line)

    def _malformed(self, parsed: Parsed, table: TableName, kind: ErrorKind, line: int) -> None:
        """An INSERT whose text (from ``line``) breaks after ``parsed.rows``: the rest is text."""
        self.emit.issue(kind, parsed.error, self._stmt_line, table.display)
        if parsed.rest.strip():
            self.emit.text(parsed.rest, line + parsed.rest_newlines, table.display)

    def _set_dialect(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.lexer.dialect = dialect

    def _parsed_rows(self, head: InsertHead, parsed: Parsed, line: int) -> None:
        """The rows of (part of) an INSERT whose text starts on ``line``."""
        self._rows(head, parsed.rows, line, [line + n for n in parsed.newlines])

    def _rows(self, head: InsertHead, rows: list[Row], line: int, lines: list[int]) -> None:
        """Rows of an INSERT, each starting on its line of ``lines``."""
        if rows:
            ref = self.emit.ref(head.table, head.columns, len(rows[0]))
            self.emit.rows(ref, rows, line, "an INSERT statement", ", ", lines)

    # -- COPY ------------------------------------------------------------------

    def _start_copy(self, block: CopyBlock) -> None:
        self._copy, self._copy_ref = block, None
        if block.head.columns:  # pg_dump lists every column: later INSERTs without a list use them
            self.emit.define(block.head.table, block.head.columns, replace=False)
        if block.head.fmt.binary:
            self.emit.issue(ErrorKind.UNSUPPORTED, "binary COPY data is not read", block.line,
                            block.head.table.display)

    def _copy_line(self, no: int, text: str, eol: bool) -> int | None:
        """Read one data line of a COPY block; 0 when the line turned out to be SQL (read it again)."""
        block = self._copy
        assert block is not None
        if not eol or block.in_piece:
            whole, spill, first = block.join(text, eol, MAX_PART_CHARS)
            if first:
                self.emit.issue(ErrorKind.OVERSIZED, f"a COPY data line longer than {MAX_PART_CHARS >> 20} M "
                                "characters was read as text", block.line, block.head.table.display)
            if spill:
                self.emit.text(spill, no, block.head.table.display)
            if whole is None:
                return None
            text = whole
        if not block.pending:
            if text == END_OF_DATA:
                self._end_copy()
                return None
            if _NEW_STATEMENT.match(text) and self._copy_cut_short(text):
                self.emit.issue(ErrorKind.TRUNCATED, "COPY data ends without its \\. terminator; the rows "
                                "before were read", block.line, block.head.table.display)
                self._end_copy()
                return 0
        if not block.head.fmt.binary:
            block.add(text, no)
            if len(block.rows) >= self.emit.tables.batch_rows:
                self._copy_flush()
        return None

    def _copy_cut_short(self, text: str) -> bool:
        """A statement line inside COPY data: the data was cut (a line with no delimiter where
        the table has two columns or more)."""
        block = self._copy
        assert block is not None
        if self._copy_ref is not None:
            width = len(self._copy_ref.names)
        else:
            columns = block.head.columns or self.emit.columns(block.head.table)
            width = len(columns) if columns else len(block.rows[0]) if block.rows else 0
        return width >= 2 and block.head.fmt.delimiter not in text

    def _copy_flush(self) -> None:
        block = self._copy
        assert block is not None
        rows, lines, block.rows, block.lines = block.rows, block.lines, [], []
        if not rows:
            return
        if self._copy_ref is None:
            self._copy_ref = self.emit.ref(block.head.table, block.head.columns, len(rows[0]))
        self.emit.rows(self._copy_ref, rows, block.line, "COPY data", block.head.fmt.delimiter, lines)

    def _end_copy(self) -> None:
        block = self._copy
        assert block is not None
        self._copy_flush()
        if block.pending:  # a CSV record whose quote never closed
            self.emit.text("\n".join(block.pending), block.line, block.head.table.display)
        self._copy, self._copy_ref = None, None


def _lead(text: str) -> int:
    """The length of the blanks and comments before a statement (MySQL ``/*!...*/`` is code)."""
    m = _LEADING.match(text)
    return m.end() if m else 0
