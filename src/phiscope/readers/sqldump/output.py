"""What reading a dump produces: table rows named by their columns, text to scan, typed issues."""

from __future__ import annotations

from collections import Counter

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.sqldump.schema import TableName
from phiscope.readers.sqldump.tables import TableBatcher, TableRef, fit_rows
from phiscope.readers.sqldump.values import Row
from phiscope.readers.text.units import split_units

#: width problems reported one by one per table; later ones are counted in one issue at the end
MAX_WIDTH_ISSUES = 5


class Output:
    """Collects the items of one dump in ``out``; knows each table's columns (CREATE TABLE, COPY)."""

    def __init__(self, loc: Location, ctx: ReadContext) -> None:
        self.loc = loc
        self.text_chars = ctx.text_unit_chars
        self.tables = TableBatcher(loc, ctx.batch_rows)
        self.out: list[ReadItem] = []
        self._schema: dict[tuple[str, ...], list[str]] = {}
        self._refs: dict[tuple[TableName, tuple[str, ...] | None, int], TableRef] = {}
        self._width_issues: Counter[str] = Counter()
        self._more_bad: Counter[str] = Counter()

    def take(self) -> list[ReadItem]:
        """The items produced since the last call."""
        out, self.out = self.out, []
        return out

    def define(self, table: TableName, columns: list[str], replace: bool = True) -> None:
        """A table's columns in order (``replace`` False: only where none are known yet)."""
        if replace or table.key not in self._schema:
            self._schema[table.key] = columns
            self._refs.clear()

    def columns(self, table: TableName) -> list[str] | None:
        """The known columns of a table (by full name, else by a unique table name)."""
        found = self._schema.get(table.key)
        if found is None:
            same = [cols for key, cols in self._schema.items() if key[-1] == table.key[-1]]
            found = same[0] if len(same) == 1 else None
        return found

    def ref(self, table: TableName, columns: list[str] | None, width: int) -> TableRef:
        """The table rows go to: explicit ``columns``, else the known ones, else ``width`` unnamed."""
        key = (table, tuple(columns) if columns is not None else None, width)
        ref = self._refs.get(key)
        if ref is None:
            known = columns if columns is not None else self.columns(table)
            ref = self._refs[key] = self.tables.ref(table.display, known, width)
        return ref

    def rows(self, ref: TableRef, rows: list[Row], line: int, what: str, joiner: str,
             lines: list[int]) -> None:
        """Add rows to their table: short rows padded, extra values joined into the last column.
        ``lines``: the line each row starts on; ``line``: where problems are reported."""
        width = len(ref.names)
        if not width:
            return
        bad = fit_rows(rows, width, joiner)
        if bad and self._width_issues[ref.sheet] >= MAX_WIDTH_ISSUES:
            self._more_bad[ref.sheet] += bad
        elif bad:
            self._width_issues[ref.sheet] += 1
            self.issue(ErrorKind.CORRUPT, f"{bad} row(s) of {what} had a number of values other than the "
                       f"table's {width} columns (padded, or extra values joined into the last)", line,
                       ref.sheet)
        self.out.extend(self.tables.add(ref, rows, lines))

    def issue(self, kind: ErrorKind, message: str, line: int, sheet: str | None = None) -> None:
        """A typed problem at a line (``message`` never holds content)."""
        self.out.append(ReadIssue(kind.value, message, self.loc.with_(line=line, sheet=sheet)))

    def text(self, text: str, line: int, sheet: str | None = None) -> None:
        """Text that is not table data (an UPDATE, the rest of a malformed INSERT), to scan as text;
        offsets count from the start of ``text``."""
        self.out.extend(split_units([text], self.loc.with_(sheet=sheet), self.text_chars, first_line=line))

    def comment(self, text: str, line: int) -> None:
        """A ``--`` comment line."""
        self.out.append(TextUnit(text, self.loc.with_(line=line)))

    def flush(self, line: int) -> None:
        """The rows still queued, and the width problems not reported one by one (``line``: the last)."""
        self.out.extend(self.tables.flush())
        for sheet, bad in self._more_bad.items():
            self.issue(ErrorKind.CORRUPT, f"{bad} more row(s) in later statements had a number of values "
                       "other than the table's columns", line, sheet)
        self._more_bad.clear()
