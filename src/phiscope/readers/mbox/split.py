"""Split an mbox into raw messages while streaming (one message in memory at a time)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

#: An envelope line: "From sender date" with a time of day in the date.
FROM_LINE = re.compile(rb"^From \S+.*\d{1,2}:\d{2}")
_ESCAPED_FROM = re.compile(rb"^>+From ")
#: Longer lines are read in pieces, so one huge line cannot exhaust memory.
LINE_PIECE = 1 << 20


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message's bytes (without its envelope line); ``oversized`` = dropped for size."""

    number: int
    data: bytes
    oversized: bool = False


class _Collector:
    """Lines of the current message, dropped once they pass the size limit."""

    def __init__(self, number: int, max_bytes: int) -> None:
        self.number = number
        self._max = max_bytes
        self._lines: list[bytes] = []
        self._size = 0
        self.oversized = False

    def add(self, piece: bytes) -> None:
        if self.oversized:
            return
        self._size += len(piece)
        if self._size > self._max:
            self.oversized, self._lines = True, []
        else:
            self._lines.append(piece)

    def message(self) -> RawMessage:
        return RawMessage(self.number, b"".join(self._lines), self.oversized)


def iter_raw_messages(fp: IO[bytes], max_bytes: int) -> Iterator[RawMessage]:
    """Messages in order, numbered from 1.

    A message starts at a line beginning ``From `` that follows a blank line
    (or the start) or that looks like an envelope line. ``>From `` lines are
    unescaped (mboxo/mboxrd). Text before the first envelope is message 1.
    """
    current: _Collector | None = None
    at_line_start = True
    prev_blank = True
    in_envelope = False
    while piece := fp.readline(LINE_PIECE):
        starts_line, at_line_start = at_line_start, piece.endswith(b"\n")
        if not starts_line:
            if not in_envelope and current is not None:
                current.add(piece)
            prev_blank = False
            continue
        if piece.startswith(b"From ") and (prev_blank or FROM_LINE.match(piece)):
            if current is not None:
                yield current.message()
            current = _Collector(current.number + 1 if current else 1, max_bytes)
            in_envelope, prev_blank = not at_line_start, False
            continue
        in_envelope = False
        if current is None:
            current = _Collector(1, max_bytes)
        prev_blank = piece in (b"\n", b"\r\n")
        current.add(piece[1:] if _ESCAPED_FROM.match(piece) else piece)
    if current is not None:
        yield current.message()
