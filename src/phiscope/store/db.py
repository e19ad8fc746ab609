"""Opening the encrypted DuckDB database of a case.

DuckDB 1.4 encrypts databases (AES-GCM) when attached with ``ENCRYPTION_KEY``;
writing them needs OpenSSL from the httpfs extension, which ships as a file in
the ``duckdb-ext-httpfs`` wheel and is loaded from there — nothing is ever
downloaded (extension auto-install/auto-load are off). Temporary files go to
the case's ``tmp/`` directory and are encrypted too. Once the database is
attached, file access from SQL is switched off and the configuration locked.

Checkpoints do not vacuum (``max_vacuum_tasks = 0``): DuckDB checkpoints
after every large commit, and its vacuum then merges each flush's partial last
row group with its neighbours, rewriting up to three full row groups each time
(measured: 250,000-row flushes cost 4.2 µs/finding instead of 1.7). The price
is that rows deleted when a killed run is cleaned up leave their space unused.
"""

from __future__ import annotations

import contextlib
import importlib.util
import platform
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from phiscope.errors import ConfigError, WrongKeyError
from phiscope.store.crypto import SubKeys
from phiscope.store.sql import MACROS

ALIAS = "c"
SCRATCH = "scratch"  # the alias of a session's scratch database (``connect``)
SCRATCH_FILE = "scratch.duckdb"  # its file, in the case's tmp/

_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
#: DuckDB draws its own bar on stdout for any query over two seconds, terminal or not: it would land
#: inside `-f json`/`csv` data (stdout is for data; phiscope's own bars go to stderr). Set before
#: the configuration is locked; a cursor of the session starts without the bar.
_QUIET = "SET enable_progress_bar = false"
_PLATFORMS = {("Linux", "x86_64"): "linux_amd64", ("Linux", "aarch64"): "linux_arm64",
              ("Darwin", "arm64"): "osx_arm64", ("Darwin", "x86_64"): "osx_amd64",
              ("Windows", "AMD64"): "windows_amd64"}


def httpfs_extension_path() -> Path:
    """The httpfs extension file shipped by the ``duckdb-ext-httpfs`` wheel."""
    hint = f"install it with: pip install duckdb-ext-httpfs=={duckdb.__version__}.*"
    spec = importlib.util.find_spec("duckdb_ext")
    plat = _PLATFORMS.get((platform.system(), platform.machine()), "")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "extensions" / f"v{duckdb.__version__}" / plat / "httpfs.duckdb_extension"
        if plat and path.is_file():
            return path
    raise ConfigError("the DuckDB httpfs extension (needed to write encrypted cases) is missing "
                      f"for duckdb {duckdb.__version__} on {platform.system()}/{platform.machine()}: {hint}")


def scratch(tmp_dir: str | Path, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with httpfs loaded: beyond ``memory_limit`` (None: DuckDB's
    default) it spills to ``tmp_dir``, and those temporary files are encrypted (under a key DuckDB
    makes for the session), so no raw value reaches the disk in the clear. Record linkage works in
    one as it is; ``connect`` attaches the case to one."""
    config: dict[str, str | bool | int | float | list[str]] = dict(_CONFIG)
    if memory_limit is not None:
        config["memory_limit"] = memory_limit
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute(_QUIET)
        con.execute(f"LOAD '{_sql_str(str(httpfs_extension_path()))}'")
        # encryption first: set after the directory, it is refused while a killed session's
        # temporary files are still there, and the case could not be opened again
        con.execute("SET temp_file_encryption = true")
        con.execute(f"SET temp_directory = '{_sql_str(str(tmp_dir))}'")
    except BaseException:
        con.close()
        raise
    return con


def connect(case_dir: Path, db_file: Path, tmp_dir: Path, keys: SubKeys, read_only: bool = False,
            memory_limit: str | None = None, scratch_file: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with the case database attached (as ``c``) and in use; with
    ``scratch_file``, also a new encrypted database there (as ``SCRATCH``)."""
    con = scratch(tmp_dir, memory_limit)
    try:
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET max_vacuum_tasks = 0")
        _attach(con, case_dir, db_file, keys, read_only)
        if scratch_file is not None:
            remove_scratch(scratch_file)  # a killed session's
            con.execute(f"ATTACH '{_sql_str(str(scratch_file))}' AS {SCRATCH} (ENCRYPTION_KEY ?)",
                        [keys.db_key_text()])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        _session(con)
    except BaseException:
        con.close()
        raise
    return con


def remove_scratch(scratch_file: Path) -> None:
    """Delete a scratch database and its write-ahead log (missing ones are fine)."""
    for path in (scratch_file, scratch_file.with_name(scratch_file.name + ".wal")):
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, data: Any) -> Iterator[str]:
    """``data`` (an Arrow table or batch) visible to ``con``'s SQL as view ``name`` while the block
    runs."""
    con.register(name, data)
    try:
        yield name
    finally:
        con.unregister(name)


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A second session on the same database (for reading while the writer writes)."""
    cur = con.cursor()
    _session(cur)
    return cur


def _session(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"USE {ALIAS}")
    for macro in MACROS:
        con.execute(macro)


def _attach(con: duckdb.DuckDBPyConnection, case_dir: Path, db_file: Path, keys: SubKeys,
            read_only: bool) -> None:
    mode = ", READ_ONLY" if read_only else ""
    try:
        con.execute(f"ATTACH '{_sql_str(str(db_file))}' AS {ALIAS} (ENCRYPTION_KEY ?{mode})",
                    [keys.db_key_text()])
    except duckdb.Error as exc:
        text = str(exc)
        if "wrong encryption key" in text.lower():
            raise WrongKeyError(wrong_key_message(case_dir)) from None
        if "lock" in text.lower():
            raise ConfigError(f"case {case_dir} is in use by another phiscope process: "
                              "wait for it to finish") from None
        raise ConfigError(f"cannot open the database of case {case_dir}: {text}") from None


def wrong_key_message(case_dir: Path) -> str:
    """The message shown when the key does not open a case."""
    return f"the key does not open case {case_dir}: check PHISCOPE_KEY or --key-file"


def _sql_str(text: str) -> str:
    return text.replace("'", "''")
