"""``case.json``: what a case directory is, without any secret.

It holds the format and schema versions, the KDF salt and cost, the creation
time and the key-check value (an HMAC of a fixed label under a sub-key used
for nothing else). It is rewritten atomically (temp file + rename).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError
from phiscope.store.crypto import KdfParams

CASE_FILE = "case.json"
DB_FILE = "case.duckdb"
TMP_DIR = "tmp"
FORMAT = "phiscope-case"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class CaseMeta:
    """The contents of ``case.json``."""

    schema_version: int
    kdf: KdfParams
    created_at: str
    key_check: str
    format_version: int = FORMAT_VERSION

    def with_schema(self, version: int) -> CaseMeta:
        """A copy recording another schema version."""
        return replace(self, schema_version=version)

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        return {"format": FORMAT, "format_version": self.format_version,
                "schema_version": self.schema_version, "created_at": self.created_at,
                "kdf": self.kdf.to_json(), "key_check": self.key_check}


def read_meta(case_dir: Path) -> CaseMeta:
    """Read and check ``case.json``; ``ConfigError`` if missing, damaged or too new."""
    path = case_dir / CASE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{case_dir} is not a phiscope case (no {CASE_FILE}): "
                          "check the path or create the case with a scan") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{path} is not a phiscope case file")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ConfigError(f"case {case_dir} was written by a newer phiscope (case format {version}): "
                          "upgrade phiscope to open it")
    try:
        return CaseMeta(schema_version=int(data["schema_version"]), kdf=KdfParams.from_json(data["kdf"]),
                        created_at=str(data["created_at"]), key_check=str(data["key_check"]),
                        format_version=version)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path} is damaged ({type(exc).__name__}: {exc})") from None


def write_meta(case_dir: Path, meta: CaseMeta) -> None:
    """Write ``case.json`` atomically, readable by the owner only."""
    path = case_dir / CASE_FILE
    tmp = case_dir / f".{CASE_FILE}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(meta.to_json(), f, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
