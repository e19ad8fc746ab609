"""Identifiers, qualified table names and the column names of ``CREATE TABLE``.

CREATE TABLE statements are few and short, so a small scanner reads them:
it needs only each column's name, and it accepts whatever column and table
options follow (MySQL ``/*!...*/``, ``ENGINE=``, PostgreSQL partitions) where a
full SQL parser would have to know every dialect's grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IDENT = r'"(?:[^"]|"")+"|`(?:[^`]|``)+`|\[[^\]\n]+\]|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*'
QNAME = rf"(?:{IDENT})(?:\s*\.\s*(?:{IDENT}))*"
IDENT_LIST = rf"(?:{IDENT})(?:\s*,\s*(?:{IDENT}))*"
_IDENT = re.compile(IDENT)
_CREATE = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMPORARY|TEMP|UNLOGGED)\s+)?TABLE\s+"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?({QNAME})\s*\(",
    re.I,
)
_ITEM_STOP = re.compile(r"""['"`(),]""")
_NOT_COLUMNS = frozenset(("constraint", "primary", "unique", "key", "index", "foreign", "check", "fulltext",
                          "spatial", "exclude", "like", "period"))


def unquote(ident: str) -> str:
    """``"a""b"`` -> ``a"b``, `` `t` `` -> ``t``, ``[x]`` -> ``x``; bare names unchanged."""
    first = ident[:1]
    if first == '"':
        return ident[1:-1].replace('""', '"')
    if first == "`":
        return ident[1:-1].replace("``", "`")
    if first == "[":
        return ident[1:-1]
    return ident


def ident_list(text: str) -> list[str]:
    """The unquoted names of a comma-separated identifier list."""
    return [unquote(m.group()) for m in _IDENT.finditer(text)]


@dataclass(frozen=True, slots=True)
class TableName:
    """A table name as written: ``parts`` unquoted (schema, table)."""

    parts: tuple[str, ...]

    @classmethod
    def parse(cls, qname: str) -> TableName:
        """From a (possibly quoted, schema-qualified) name."""
        return cls(tuple(ident_list(qname)))

    @property
    def display(self) -> str:
        """``public.patients``."""
        return ".".join(self.parts)

    @property
    def key(self) -> tuple[str, ...]:
        """Case-insensitive key for matching INSERTs to their CREATE TABLE."""
        return tuple(p.lower() for p in self.parts)


def _skip_quoted(text: str, pos: int, quote: str) -> int:
    """The index after the quoted run that starts at ``pos`` (doubled quotes and backslashes inside)."""
    i = pos + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and quote != "`":
            i += 2
            continue
        if ch == quote:
            if i + 1 < n and text[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return n


def _items(text: str, pos: int) -> list[str]:
    """The comma-separated items inside the parenthesis that opens before ``pos``."""
    items: list[str] = []
    depth, start = 1, pos
    while True:
        m = _ITEM_STOP.search(text, pos)
        if m is None:
            return items  # no closing parenthesis: keep what was complete
        ch, pos = m.group(), m.end()
        if ch in "'\"`":
            pos = _skip_quoted(text, m.start(), ch)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                items.append(text[start : m.start()])
                return items
        elif depth == 1:
            items.append(text[start : m.start()])
            start = pos


def create_table(statement: str) -> tuple[TableName, list[str]] | None:
    """The table and its column names, for a ``CREATE TABLE name (...)`` statement; else None."""
    m = _CREATE.match(statement)
    if m is None:
        return None
    columns: list[str] = []
    for item in _items(statement, m.end()):
        first = _IDENT.match(item.strip())
        if first is None:
            continue
        word = first.group()
        if word[0] not in "\"`[" and word.lower() in _NOT_COLUMNS:
            continue
        columns.append(unquote(word))
    return (TableName.parse(m.group(1)), columns) if columns else None
