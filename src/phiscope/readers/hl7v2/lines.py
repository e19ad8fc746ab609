"""Cut decoded HL7 text into segments: any of CR, LF, CR LF, and MLLP frame bytes end one.

Streaming: pieces of decoded text go in, ``RawSegment``s come out with the
1-based line number and the character offset of their first character. A
segment longer than ``max_chars`` is dropped (``oversized`` counts them) so a
file without any separator cannot exhaust memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_SEGMENT = re.compile(r"[^\r\n\x0b\x1c]+")
MLLP_START = "\x0b"
MLLP_END = "\x1c"


@dataclass(slots=True)
class RawSegment:
    """One segment's text (separators excluded) and where it starts."""

    text: str
    line: int
    offset: int
    frame_start: bool = False  # an MLLP start block byte came right before it


class SegmentSplitter:
    """Turns decoded text pieces into segments; tracks MLLP frames."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.oversized = 0
        self.frame_open = False  # inside an MLLP frame whose end byte has not come yet
        self.unclosed_frames = 0  # frames that a new start byte (or the end of the file) cut short
        self._line = 1
        self._offset = 0  # offset of the carried text's first character
        self._carry = ""
        self._skipping = False

    def _gap(self, gap: str) -> bool:
        """Count the line breaks and frame bytes of the text between two segments."""
        started = False
        if gap:
            self._line += gap.count("\n") + gap.count("\r") - gap.count("\r\n")
            if MLLP_START in gap or MLLP_END in gap:
                for ch in gap:
                    if ch == MLLP_START:
                        self.unclosed_frames += self.frame_open
                        self.frame_open = started = True
                    elif ch == MLLP_END:
                        self.frame_open = False
        return started

    def feed(self, piece: str, final: bool = False) -> Iterator[RawSegment]:
        """Segments completed by ``piece`` (all remaining ones when ``final``)."""
        text = self._carry + piece if self._carry else piece
        base = self._offset
        end = len(text)
        if not final:
            cut = max(text.rfind(c) for c in "\r\n\x0b\x1c")
            end = cut + 1 if cut >= 0 else 0
        pos = 0
        for m in _SEGMENT.finditer(text, 0, end):
            start = m.start()
            started = self._gap(text[pos:start])
            pos = m.end()
            if self._skipping:
                self._skipping = False
                if start == 0:  # the rest of a segment already dropped as oversized
                    continue
            if pos - start > self.max_chars:
                self.oversized += 1
                continue
            yield RawSegment(m.group(), self._line, base + start, started)
        self._gap(text[pos:end])
        self._carry = text[end:]
        self._offset = base + end
        if len(self._carry) > self.max_chars:
            self.oversized += 1
            self._skipping = True
            self._offset += len(self._carry)
            self._carry = ""
        if final and self.frame_open:
            self.unclosed_frames += 1
            self.frame_open = False


def split_all(pieces: Iterable[str], max_chars: int) -> Iterator[RawSegment]:
    """Every segment of a sequence of text pieces (for tests and small inputs)."""
    splitter = SegmentSplitter(max_chars)
    for piece in pieces:
        yield from splitter.feed(piece)
    yield from splitter.feed("", final=True)
