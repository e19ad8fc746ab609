"""What the detectors learned, saved between runs (``phiscope watch run --state FILE``).

A JSON file: per detector, its baselines and memories (per-account and peer-group
histories, hours worked, hosts used, known exports; windows that alerted are marked so they
are never learned from). No patient identifiers: entries that concern a patient (VIP care
teams, relationships learned by the privacy detectors) are keyed by ``patient_ref``, a
keyed hash, and only saved when the user's key makes those references stable across runs.
Written atomically (temporary file, then rename), readable by the owner only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError
from phiscope.watch.engine import WatchEngine

FORMAT = "phiscope-watch-state"
VERSION = 1


def save_state(engine: WatchEngine, path: Path, last_event: float | None) -> None:
    """Write the engine's learned state to ``path`` (replacing it in one step)."""
    data = {"format": FORMAT, "version": VERSION,
            "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "last_event": last_event, "patient_refs": engine.config.stable_refs,
            "detectors": {d.id: d.state() for d in engine.detectors}}
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as e:
        raise ConfigError(f"cannot write the watch state {path}: {e.strerror}") from e


def load_state(engine: WatchEngine, path: Path) -> dict[str, Any] | None:
    """Restore the detectors from ``path``; None when it does not exist yet (first run).
    Returns the file's header (saved_at, last_event)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the watch state {path}: move it away to learn from zero") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{path} is not a phiscope watch state file")
    if data.get("version") != VERSION:
        raise ConfigError(f"{path} is watch state version {data.get('version')}; "
                          f"this phiscope reads version {VERSION}")
    saved = data.get("detectors", {})
    try:
        for d in engine.detectors:
            d.load_state(saved.get(d.id, {}))
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as e:
        raise ConfigError(f"the watch state {path} is damaged: move it away to learn from zero") from e
    return {"saved_at": data.get("saved_at"), "last_event": data.get("last_event"),
            "patient_refs": bool(data.get("patient_refs"))}
