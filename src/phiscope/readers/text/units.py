"""Cut a stream of decoded text into TextUnits on line boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from phiscope.model import Location, TextUnit


def _cut(buf: str, max_chars: int) -> int:
    """Where to end a unit: after the last newline within ``max_chars``, else at ``max_chars``."""
    cut = buf.rfind("\n", 0, max_chars) + 1
    return cut if cut > 0 else max_chars


def split_units(pieces: Iterable[str], loc: Location, max_chars: int, label: str | None = None,
                first_line: int = 1, first_offset: int = 0) -> Iterator[TextUnit]:
    """TextUnits of at most ``max_chars`` characters, cut after a newline where possible.

    Each unit's ``loc.line`` is the line number of its first character and
    ``loc.offset`` the character offset of its first character.
    """
    max_chars = max(1, max_chars)
    line, offset = first_line, first_offset
    buf = ""
    for piece in pieces:
        buf = buf + piece if buf else piece
        while len(buf) >= max_chars:
            cut = _cut(buf, max_chars)
            unit = buf[:cut]
            yield TextUnit(unit, loc.with_(line=line, offset=offset), label)
            line += unit.count("\n")
            offset += cut
            buf = buf[cut:]
    if buf:
        yield TextUnit(buf, loc.with_(line=line, offset=offset), label)


class TextSink:
    """Collects the text pieces of one document into TextUnits.

    Lines and offsets run on across all units of the document, so a unit's
    ``loc.line`` is its line number in the document's whole extracted text.
    A change of ``label`` (e.g. from body text to a footer) starts a new unit.
    """

    def __init__(self, loc: Location, max_chars: int) -> None:
        self.loc = loc
        self.max_chars = max(1, max_chars)
        self.line = 1
        self.offset = 0
        self._parts: list[str] = []
        self._size = 0
        self._label: str | None = None

    def write(self, text: str, label: str | None = None, loc: Location | None = None) -> list[TextUnit]:
        """Add ``text``; returns the units completed by it (possibly none)."""
        out = self.flush() if label != self._label or (loc is not None and loc != self.loc) else []
        self._label = label
        if loc is not None:
            self.loc = loc
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self.max_chars:
            out.extend(self.flush())
        return out

    def flush(self) -> list[TextUnit]:
        """Units for everything written since the last flush."""
        if not self._parts:
            return []
        text = "".join(self._parts)
        self._parts, self._size = [], 0
        units = list(split_units([text], self.loc, self.max_chars, self._label, self.line, self.offset))
        self.line += text.count("\n")
        self.offset += len(text)
        return units
