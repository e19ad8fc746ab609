"""Discovery shared by the detector and reader registries: every subclass of a
base class that sets a stable ``id`` is registered, once."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def _all_subclasses(cls: type[T]) -> list[type[T]]:
    out: list[type[T]] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out


def registered(base: type[T], kind: str) -> dict[str, type[T]]:
    """Subclasses of ``base`` that define their own ``id``, by id (duplicates are a bug)."""
    seen: dict[str, type[T]] = {}
    for c in _all_subclasses(base):
        cid = c.__dict__.get("id")
        if not cid:
            continue
        if cid in seen and seen[cid] is not c:
            raise RuntimeError(f"duplicate {kind} id {cid!r}: {seen[cid]} and {c}")
        seen[cid] = c
    return seen
