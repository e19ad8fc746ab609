"""A minimal TOML writer for the rule files (strings, ints, bools, lists, inline tables).

Used only by ``state_laws_to_toml.py``; the package reads TOML with the standard library.
"""

from __future__ import annotations

import json
from typing import Any


def value(v: Any) -> str:
    """One TOML value (JSON string escapes are valid TOML basic-string escapes)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + "}"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def table(name: str, fields: dict[str, Any], array: bool = False) -> str:
    """A ``[name]`` (or ``[[name]]``) section with one ``key = value`` line per field."""
    head = f"[[{name}]]" if array else f"[{name}]"
    return "\n".join([head, *(f"{k} = {value(v)}" for k, v in fields.items())]) + "\n"
