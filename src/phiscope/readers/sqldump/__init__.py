"""SQL dump reader: pg_dump (COPY blocks and INSERT statements) and mysqldump (extended INSERT)."""

from phiscope.readers.sqldump.reader import SqlDumpReader

__all__ = ["SqlDumpReader"]
