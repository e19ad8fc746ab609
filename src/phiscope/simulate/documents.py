"""Generated files and the text builder that records where each value goes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phiscope.simulate.truth import Insert, Val

#: a piece of a line: plain text or an element value
Part = str | Val


@dataclass(slots=True)
class GeneratedFile:
    """A file's bytes, its path (relative to the corpus or its container) and its inserts."""

    path: str
    data: bytes
    inserts: list[Insert] = field(default_factory=list)

    def nested(self, prefix: str = "") -> list[Insert]:
        """Inserts seen from a container holding this file as ``prefix + path``."""
        name = prefix + self.path
        return [Insert(i.val, i.where, (name, *i.chain)) for i in self.inserts]


class TextDoc:
    """Builds plain text; records each ``Val`` with its 1-based line number."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self.inserts: list[Insert] = []
        self._line = 1

    def add(self, *parts: Part, **where: Any) -> None:
        """Append parts; ``where`` adds location hints to the values among them."""
        for part in parts:
            if isinstance(part, Val):
                self.inserts.append(Insert(part, {"line": self._line, **where}))
                text = part.value
            else:
                text = part
            self._chunks.append(text)
            self._line += text.count("\n")

    def line(self, *parts: Part, **where: Any) -> None:
        """Append parts and a newline."""
        self.add(*parts, "\n", **where)

    def text(self) -> str:
        """Everything appended so far."""
        return "".join(self._chunks)

    def to_file(self, path: str, encoding: str = "utf-8", newline: str = "\n") -> GeneratedFile:
        """Encode as a text file (``newline="\\r\\n"`` for Windows-style files)."""
        text = self.text().replace("\n", newline) if newline != "\n" else self.text()
        return GeneratedFile(path, text.encode(encoding), list(self.inserts))


def plain(parts: tuple[Part, ...] | list[Part]) -> str:
    """The text of some parts."""
    return "".join(p.value if isinstance(p, Val) else p for p in parts)
