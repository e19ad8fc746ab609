"""Which SQL dump this is: content sniffing, and the string-escape rules of its dialect.

MySQL strings take backslash escapes (``'O\\'Brien'``); PostgreSQL's do not since
``standard_conforming_strings`` became the default (pg_dump sets it), only its
``E'...'`` strings do; SQLite and other ANSI dumps double quotes only. Reading
``'C:\\'`` with the wrong rule swallows the rest of the file, so the dialect is
decided from the markers in the first bytes and from ``SET`` statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PG_CUSTOM_MAGIC = b"PGDMP"


@dataclass(frozen=True, slots=True)
class Dialect:
    """``name`` postgres / mysql / sql; ``backslash``: backslash escapes in quoted strings."""

    name: str
    backslash: bool

    @property
    def dollar_quotes(self) -> bool:
        """PostgreSQL ``$tag$ ... $tag$`` bodies (functions) are strings."""
        return self.name == "postgres"


POSTGRES = Dialect("postgres", False)
MYSQL = Dialect("mysql", True)
ANSI = Dialect("sql", False)

_MARKERS = re.compile(
    r"^--\s*(?:PostgreSQL database (?:cluster )?dump|MySQL dump|MariaDB dump)"
    r"|^/\*!\d{5} SET |^SET standard_conforming_strings\b|^SELECT pg_catalog\.set_config\(",
    re.M,
)
_PG = re.compile(r"PostgreSQL database|pg_catalog\.|standard_conforming_strings|^COPY \S.* FROM stdin", re.M)
_PG_BACKSLASH = re.compile(r"standard_conforming_strings\s*(?:=|TO)\s*'?off", re.I)
_SQLITE = re.compile(r"^(?:PRAGMA \w+|BEGIN TRANSACTION;)", re.M)
_MYSQL = re.compile(r"MySQL dump|MariaDB dump|/\*!\d{5}|\bENGINE\s*=|`")
_SQL_START = re.compile(
    r"(?:SET\s+[@\w.]+\s*(?:=|TO\b)|CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?"
    r"(?:TABLE|DATABASE|SCHEMA|SEQUENCE|INDEX|UNIQUE|VIEW|TYPE|EXTENSION|FUNCTION|DOMAIN)\b"
    r"|INSERT\s+INTO\b|REPLACE\s+INTO\b|COPY\s+\S+|DROP\s+(?:TABLE|DATABASE|SCHEMA|VIEW|INDEX|SEQUENCE)\b"
    r"|BEGIN(?:\s+TRANSACTION)?\s*;|START\s+TRANSACTION\b|PRAGMA\s+\w+|LOCK\s+TABLES?\b|USE\s+\S+\s*;"
    r"|ALTER\s+TABLE\b|\\connect\b|\\restrict\b|/\*!\d{5})",
    re.I,
)
_DATA_STATEMENT = re.compile(
    r"^\s*(?:(?:INSERT|REPLACE)\s+INTO\s+\S+[^\n]*?\bVALUES?\b|COPY\s+\S+[^\n]*\bFROM\s+stdin\b|"
    r"CREATE\s+(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s)",
    re.I | re.M,
)
_LEADING = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*(?!!)[\s\S]*?\*/)*")


def _first_statement(text: str) -> str:
    """The text after leading blank lines and comments (MySQL ``/*!...*/`` kept: it is code)."""
    return text[_LEADING.match(text).end() :]  # type: ignore[union-attr]


def sniff_score(text: str, by_name: bool) -> float:
    """0.95 for a dump header (pg_dump, mysqldump, MariaDB); 0.9 when the text starts with a SQL
    statement and holds a table statement (CREATE TABLE, INSERT ... VALUES, COPY ... FROM stdin);
    0.6 for SQL statements alone; 0.5 for a dump extension on text that is all comments or holds a
    table statement; else 0 (prose, CSV and JSON are not SQL)."""
    if _MARKERS.search(text):
        return 0.95
    first = _first_statement(text)
    has_table = _DATA_STATEMENT.search(text) is not None
    if _SQL_START.match(first):
        return 0.9 if has_table else 0.6
    if by_name and (not first.strip() or has_table):
        return 0.5
    return 0.0


def detect_dialect(text: str) -> Dialect:
    """The dialect of a dump starting with ``text``."""
    if _PG.search(text):
        return Dialect("postgres", True) if _PG_BACKSLASH.search(text) else POSTGRES
    if _MYSQL.search(text):
        return MYSQL
    if _SQLITE.search(text):
        return ANSI
    if "\\'" in text:
        return MYSQL
    return ANSI


def after_set(dialect: Dialect, statement: str) -> Dialect:
    """The dialect after a ``SET standard_conforming_strings`` statement (else unchanged)."""
    if dialect.name != "postgres" or "standard_conforming_strings" not in statement:
        return dialect
    return Dialect("postgres", _PG_BACKSLASH.search(statement) is not None)
