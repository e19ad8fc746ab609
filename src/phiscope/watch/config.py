"""Watch configuration: the shipped ``default.toml`` merged with the user's ``--config``."""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError
from phiscope.watch.directories import Directories, load_directories


@dataclass(frozen=True)
class WatchConfig:
    """Merged settings; ``base_dir`` resolves relative file names of the user's config.

    ``people`` holds the staff and patient directories (hashed, see ``directories``);
    ``ref_key`` keys the patient references in alerts and in saved state: derived from the
    user's key when one is given (references then stay the same across runs), else drawn
    for this process."""

    data: Mapping[str, Any]
    base_dir: Path = Path(".")
    directory: Mapping[str, str] = field(default_factory=dict)  # actor -> role
    people: Directories = field(default_factory=Directories)
    ref_key: bytes = field(default_factory=lambda: os.urandom(32), repr=False)
    stable_refs: bool = False  # True when ref_key comes from the user's key

    def detector(self, detector_id: str) -> Mapping[str, Any]:
        """The settings table of one detector ({} when absent)."""
        return dict(self.data.get("detectors", {}).get(detector_id, {}))

    def parser_options(self) -> dict[str, Mapping[str, Any]]:
        """Per-parser options (``[parsers.<id>]``)."""
        return dict(self.data.get("parsers", {}))

    @property
    def general(self) -> Mapping[str, Any]:
        """The ``[general]`` table."""
        return dict(self.data.get("general", {}))

    def path(self, name: str) -> Path:
        """A file named in the config, relative to the config's folder."""
        p = Path(name)
        return p if p.is_absolute() else self.base_dir / p

    def patient_ref(self, patient: str) -> str:
        """A keyed hash naming a patient in alerts and state (never the identifier itself)."""
        return hmac.new(self.ref_key, patient.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def patient_table_re(self) -> re.Pattern[str]:
        """One pattern for the configured patient tables."""
        return re.compile("|".join(f"(?:{p})" for p in self.general.get("patient_tables", [])) or "$^", re.I)


def load_config(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None,
                key: bytes | None = None) -> WatchConfig:
    """Defaults, then the TOML file at ``path``, then ``overrides`` (merged table by table).

    ``key`` (the user's secret) makes patient references stable across runs."""
    data = tomllib.loads(resources.files("phiscope.watch").joinpath("default.toml").read_text())
    base = Path(".")
    if path is not None:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text(encoding="utf-8"))
        except OSError as e:
            raise ConfigError(f"cannot read watch config {p}: {e.strerror}") from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"watch config {p} is not valid TOML: {e}") from e
        data = merge(data, user)
        base = p.resolve().parent
    if overrides:
        data = merge(data, overrides)
    cfg = WatchConfig(data, base)
    g = cfg.general
    directory = g.get("directory", "")
    staff, patients = g.get("staff_directory", ""), g.get("patient_directory", "")
    people = load_directories(cfg.path(staff) if staff else None, cfg.path(patients) if patients else None,
                              g.get("staff_columns", {}), g.get("patient_columns", {}))
    roles = {**people.roles, **(read_directory(cfg.path(directory)) if directory else {})}
    ref_key = hmac.new(key, b"phiscope-watch-patient-ref", hashlib.sha256).digest() if key else os.urandom(32)
    return WatchConfig(data, base, roles, people, ref_key, key is not None)


def merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merged recursively; any other value (lists included) of ``top`` replaces."""
    out = dict(base)
    for k, v in top.items():
        out[k] = merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), Mapping) else v
    return out


def read_directory(path: Path) -> dict[str, str]:
    """``actor,role`` CSV (header required) as a mapping."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            return {r["actor"]: r.get("role", "") or "" for r in csv.DictReader(f) if r.get("actor")}
    except (OSError, KeyError) as e:
        raise ConfigError(f"cannot read the actor directory {path} (CSV with actor,role columns)") from e
