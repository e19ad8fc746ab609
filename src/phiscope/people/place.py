"""Where a mention was read: what cannot-links, same-message links and key joins need of it.

A ``mentions.Mention`` carries it; while a case is resolved, the mentions themselves wait in the
case's DuckDB session (``spill``) and Python keeps a ``MentionRef`` per mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Placed(Protocol):
    """Where a mention was read (a ``Mention``, or a ``MentionRef`` while a case is resolved):
    what the cannot-links, same-message links and key joins read of it."""

    @property
    def mention_id(self) -> str: ...
    @property
    def doc_sha(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def key(self) -> str: ...
    @property
    def rows(self) -> tuple[str, ...]: ...


@dataclass(slots=True, frozen=True)
class MentionRef:
    """Where a mention was read (``Placed``): what resolution keeps of it in memory."""

    mention_id: str
    doc_sha: str
    path: str
    kind: str
    role: str | None
    key: str
    rows: tuple[str, ...]
