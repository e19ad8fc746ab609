"""The SQL dump reader: sniffing, decoding, and the file-level loop over lines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers._text_decode import (
    StreamDecoder,
    detect_encoding,
    iter_decoded,
    looks_like_text,
    sniff_text,
)
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.sqldump.dialect import PG_CUSTOM_MAGIC, detect_dialect, sniff_score
from phiscope.readers.sqldump.dump import DumpParser
from phiscope.readers.sqldump.lines import iter_lines
from phiscope.sources.blob import Blob

_DETECT_BYTES = 1 << 16
_EXTENSIONS = (".sql", ".dump", ".pgsql", ".mysql", ".pgdump")


class SqlDumpReader(Reader):
    """Tables of pg_dump (COPY and INSERT), mysqldump (extended INSERT) and other SQL dumps.

    Each table's rows come as TableBatches named by the table's columns (from
    the COPY or INSERT column list, else its CREATE TABLE), so the table
    classifier sees ``ssn``, ``dob``, ``last_name`` columns as it does in a CSV.
    """

    id: ClassVar[str] = "sqldump"
    extensions: ClassVar[tuple[str, ...]] = _EXTENSIONS
    priority: ClassVar[int] = 3

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for a pg_dump/mysqldump header, 0.9 for SQL with table statements, 0.9 for a
        pg_dump custom-format archive (reported as unsupported), 0 for prose, CSV or JSON."""
        if head.startswith(PG_CUSTOM_MAGIC):
            return 0.9
        if not looks_like_text(head):
            return 0.0
        return sniff_score(sniff_text(head, len(head)), name.lower().endswith(_EXTENSIONS))

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """TableBatches per table (at most ``ctx.batch_rows`` rows), TextUnits for comments and
        statements that are not table data, ReadIssues for malformed statements and cut data."""
        loc = Location(path=blob.display_path)
        with blob.open() as raw:
            head = raw.read(_DETECT_BYTES)
            if head.startswith(PG_CUSTOM_MAGIC):
                raise DocumentError(ErrorKind.UNSUPPORTED, "pg_dump custom-format archive: convert it with "
                                    "'pg_restore -f dump.sql' and scan the SQL file")
            encoding = detect_encoding(head, final=len(head) < _DETECT_BYTES)
            decoder = StreamDecoder(encoding)
            parser = DumpParser(loc, detect_dialect(sniff_text(head, len(head))), ctx)
            raw.seek(encoding.bom_len)
            no = 0
            for no, text, eol in iter_lines(iter_decoded(raw, encoding, decoder)):
                parser.line(no, text, eol)
                if parser.out:
                    yield from parser.take()
            parser.finish(no)
            yield from parser.take()
        if decoder.repairs:
            yield ReadIssue(ErrorKind.DECODE.value, f"{decoder.repairs} invalid UTF-8 sequence(s) decoded as "
                            "cp1252", loc)
