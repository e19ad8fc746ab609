"""INSERT statements: the head (table, column list) and the rows of the VALUES that follow.

Handles ``INSERT INTO t VALUES (...)`` (pg_dump ``--inserts``, one row per
statement), multi-row VALUES (pg_dump ``--rows-per-insert``, mysqldump's
extended INSERT), ``REPLACE INTO``, ``INSERT IGNORE``, an explicit column list
(``--column-inserts``, ``--complete-insert``) and ``OVERRIDING SYSTEM VALUE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from phiscope.readers.sqldump.dialect import Dialect
from phiscope.readers.sqldump.schema import IDENT_LIST, QNAME, TableName, ident_list
from phiscope.readers.sqldump.values import Row, parse_tuples, tokenize

_HEAD = re.compile(
    r"\s*(?:INSERT|REPLACE)(?:\s+(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE))*\s+INTO\s+"
    rf"({QNAME})\s*(?:\(\s*({IDENT_LIST})?\s*\)\s*)?(?:OVERRIDING\s+(?:SYSTEM|USER)\s+VALUE\s+)?VALUES?\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class InsertHead:
    """The table an INSERT writes, its explicit column list (None: all columns in order), and the
    offset of the VALUES tuples in the statement text."""

    table: TableName
    columns: list[str] | None
    end: int


def insert_head(text: str) -> InsertHead | None:
    """The head of ``INSERT INTO name [(cols)] VALUES`` at the start of ``text``; None otherwise."""
    m = _HEAD.match(text)
    if m is None:
        return None
    columns = ident_list(m.group(2)) if m.group(2) else None
    return InsertHead(TableName.parse(m.group(1)), columns, m.end())


@dataclass(slots=True)
class Parsed:
    """Rows of (part of) an INSERT; ``error`` says what was malformed (never content), ``rest`` is
    the text not read as rows: after an error, or the incomplete last tuple of a cut statement.
    ``newlines`` (``parse_statement``): per row, the line breaks in the text before its ``(`` (the
    row's line is the text's first line plus that); ``rest_newlines``: those before ``rest``."""

    rows: list[Row] = field(default_factory=list)
    error: str = ""
    rest: str = ""
    complete: bool = True
    newlines: list[int] = field(default_factory=list)
    rest_newlines: int = 0


def parse_line(text: str, start: int, dialect: Dialect) -> Parsed | None:
    """A whole INSERT statement on one line, ending with its ``;``; None when it is anything else
    (a string goes on to the next line, a second statement follows, a malformed tuple): the
    statement is then read the careful way, through the lexer."""
    tokens, open_string = tokenize(text, dialect, start)
    if open_string:
        return None
    got = parse_tuples(tokens, dialect)
    if got.status != "end" or got.stop != len(tokens):
        return None
    return Parsed(got.rows)  # one line: no ``newlines`` needed


def parse_statement(text: str, start: int, dialect: Dialect, final: bool) -> Parsed:
    """The rows of a statement's VALUES text (without its ``;``). ``final`` False: the statement
    goes on (a very long one read in parts); rows are taken up to the last complete tuple and
    ``rest`` holds the text after it."""
    tokens, open_string = tokenize(text, dialect, start)
    if open_string:
        tokens.pop()  # the rest of the text: never a row
    got = parse_tuples(tokens, dialect)
    out = Parsed(got.rows, newlines=_row_newlines(text, start, tokens, got.starts[: len(got.rows)]))
    if got.status == "error":
        out.error = f"malformed INSERT statement: {got.error}; the rest was read as text"
    elif not final:
        out.complete = False
    elif open_string:
        out.error = "INSERT statement with an unterminated string; the rest was read as text"
    elif got.status == "open":
        out.error = "INSERT statement ends inside a tuple; the rest was read as text"
    if out.error or not final:
        # the tokens give the text back from ``start`` (but trailing blanks), so the rest is a suffix
        end = start + sum(map(len, tokens[: got.stop]))
        out.rest, out.rest_newlines = text[end:], text.count("\n", 0, end)
    return out


def _row_newlines(text: str, start: int, tokens: list[str], starts: list[int]) -> list[int]:
    """The line breaks in ``text`` before each row's ``(`` (tokens of ``text`` from ``start``)."""
    n = text.count("\n", 0, start)
    if text.find("\n", start) < 0:
        return [n] * len(starts)
    out: list[int] = []
    prev = 0
    for i in starts:  # a "(" token holds the blanks before it: its line breaks come before the "("
        n += "".join(tokens[prev : i + 1]).count("\n")
        prev = i + 1
        out.append(n)
    return out
