"""Helpers for the container reader tests: run a reader, collect what it yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from phiscope.model import ChildBlob, ReadIssue, ReadItem, TextUnit
from phiscope.readers.base import Limits, ReadContext, Reader
from phiscope.sources.blob import Blob


@dataclass
class Result:
    """What a reader yielded, sorted by kind."""

    items: list[ReadItem]
    children: list[ChildBlob] = field(default_factory=list)
    issues: list[ReadIssue] = field(default_factory=list)
    texts: list[TextUnit] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        """ErrorKind values of the issues, in order."""
        return [i.kind for i in self.issues]

    def contents(self) -> dict[str, bytes]:
        """Child name -> bytes (read from the spool file when spooled)."""
        return {c.name: child_bytes(c) for c in self.children}


def child_bytes(child: ChildBlob) -> bytes:
    """The bytes of a ChildBlob, wherever they are."""
    if child.data is not None:
        return child.data
    assert child.spool_path is not None
    return Path(child.spool_path).read_bytes()


def ctx_for(tmp_path: Path, **limits: int | float) -> ReadContext:
    """A read context spooling into ``tmp_path/spool`` with some limits changed."""
    spool = tmp_path / "spool"
    spool.mkdir(exist_ok=True)
    return ReadContext(limits=Limits(**limits), tmp_dir=str(spool))  # type: ignore[arg-type]


def run(reader: Reader, data: bytes, name: str, ctx: ReadContext) -> Result:
    """Read ``data`` (as a blob named ``name``) and sort the items."""
    items = list(reader.read(Blob(display_path=name, name=name, data=data), ctx))
    result = Result(items)
    for item in items:
        if isinstance(item, ChildBlob):
            result.children.append(item)
        elif isinstance(item, ReadIssue):
            result.issues.append(item)
        elif isinstance(item, TextUnit):
            result.texts.append(item)
    return result


def spool_files(ctx: ReadContext) -> list[Path]:
    """Temp files currently in the context's spool directory."""
    assert ctx.tmp_dir is not None
    return sorted(Path(ctx.tmp_dir).iterdir())
