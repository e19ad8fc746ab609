"""Schema versioning: the ``schema_version`` table and the migration runner."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from phiscope.errors import ConfigError
from phiscope.store import migrations as _migrations
from phiscope.store.migrations import Migration
from phiscope.store.sql import utc_now


def latest_version(migrations: Mapping[int, Migration] | None = None) -> int:
    """The newest schema version this phiscope knows."""
    return max(migrations if migrations is not None else _migrations.MIGRATIONS)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of the attached database (0 for an empty one)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = 'schema_version'").fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def check_supported(version: int, where: str, migrations: Mapping[int, Migration] | None = None) -> None:
    """``ConfigError`` if ``version`` is newer than this phiscope knows."""
    latest = latest_version(migrations)
    if version > latest:
        raise ConfigError(f"case {where} has schema version {version}, newer than this phiscope "
                          f"supports ({latest}): upgrade phiscope to open it")


def migrate(con: duckdb.DuckDBPyConnection, where: str,
            migrations: Mapping[int, Migration] | None = None) -> int:
    """Apply pending migrations in order, each in its own transaction; return the new version."""
    migrations = migrations if migrations is not None else _migrations.MIGRATIONS
    version = current_version(con)
    check_supported(version, where, migrations)
    con.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
    for target in sorted(v for v in migrations if v > version):
        con.execute("BEGIN TRANSACTION")
        try:
            migrations[target](con)
            con.execute("INSERT INTO schema_version VALUES (?, ?)", [target, utc_now()])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        version = target
    return version
