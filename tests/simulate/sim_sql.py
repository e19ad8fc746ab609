"""Independent reading of simulated SQL dumps (sqlglot for statements, plain splitting for COPY data),
not phiscope's reader: table name -> rows as {column: value}."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

_COPY = re.compile(r"COPY (\S+) \((.*)\) FROM stdin;")
_COPY_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
Rows = list[dict[str, str | None]]


def _copy_value(field: str) -> str | None:
    if field == "\\N":
        return None
    return re.sub(r"\\(.)", lambda m: _COPY_ESCAPES.get(m[1], m[1]), field)


def _statement(sql: str, dialect: str, tables: dict[str, Rows], columns: dict[str, list[str]]) -> None:
    tree = sqlglot.parse_one(sql, read=dialect)
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema):
        name = ".".join(p for p in (tree.this.this.db, tree.this.this.name) if p)
        columns[name] = [c.name for c in tree.this.expressions if isinstance(c, exp.ColumnDef)]
    elif isinstance(tree, exp.Insert):
        listed = isinstance(tree.this, exp.Schema)
        target = tree.this.this if listed else tree.this
        name = ".".join(p for p in (target.db, target.name) if p)
        names = [c.name for c in tree.this.expressions] if listed else columns[name]
        for values in tree.expression.expressions:
            cells = [None if isinstance(v, exp.Null) else str(v.this) for v in values.expressions]
            tables.setdefault(name, []).append(dict(zip(names, cells, strict=True)))


def sql_tables(text: str) -> dict[str, Rows]:
    """Every table's rows in a pg_dump (COPY and INSERT) or mysqldump (extended INSERT)."""
    dialect = "postgres" if "PostgreSQL database dump" in text else "mysql"
    tables: dict[str, Rows] = {}
    columns: dict[str, list[str]] = {}
    copy: tuple[str, list[str]] | None = None
    statement: list[str] = []
    for line in text.split("\n"):
        if copy is not None:
            if line == "\\.":
                copy = None
            else:
                tables.setdefault(copy[0], []).append(
                    dict(zip(copy[1], map(_copy_value, line.split("\t")), strict=True)))
        elif (m := _COPY.match(line)) is not None:
            copy = (m[1], m[2].split(", "))
        elif statement or line.startswith(("INSERT", "CREATE TABLE")):
            statement.append(line)
            if line.endswith(";"):
                _statement("\n".join(statement), dialect, tables, columns)
                statement = []
    return tables
