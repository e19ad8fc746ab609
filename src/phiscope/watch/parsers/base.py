"""What a log parser is.

A parser has a stable ``id``, a ``sniff`` of the first lines (0 = not mine, 0.9+ = a
confident structural match) and ``parse``, a generator over text lines that yields
``AccessEvent`` or ``ParseError`` records lazily, so a followed log or stdin streams.
A bad line never raises: it becomes a ``ParseError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

from phiscope.watch.events import AccessEvent, ParseError

ParseItem = AccessEvent | ParseError


class LogParser:
    """Base class of audit-log parsers."""

    id: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options: Mapping[str, Any] = options or {}

    def sniff(self, head: list[str]) -> float:
        """Confidence that these first lines are this format (0 = no)."""
        raise NotImplementedError

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        """Events (and parse errors) of these lines, in input order."""
        raise NotImplementedError
