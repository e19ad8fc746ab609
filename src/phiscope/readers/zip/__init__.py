"""ZIP archives (zip64 included): every member becomes a ChildBlob.

Office documents (docx/xlsx/pptx/odt/ods …) are zips too; they are left to
the office readers by answering a low score when the head shows their
marker members or the name has an office extension.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from phiscope.model import ReadItem
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.zip.members import iter_zip
from phiscope.sources.blob import Blob

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_OFFICE_EXTENSIONS = (
    ".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb",
    ".pptx", ".pptm", ".potx", ".ppsx", ".odt", ".ods", ".odp", ".odg", ".ott", ".ots", ".otp",
    ".epub",
)
_OFFICE_MEMBERS = ("[Content_Types].xml", "mimetype")
_OFFICE_PREFIXES = ("word/", "xl/", "ppt/", "_rels/", "docProps/")


def head_member_names(head: bytes, limit: int = 32) -> list[str]:
    """Names of the members whose local headers lie entirely inside ``head``."""
    names: list[str] = []
    pos = 0
    while len(names) < limit and pos + _LOCAL.size <= len(head) and head[pos : pos + 4] == b"PK\x03\x04":
        fields = _LOCAL.unpack_from(head, pos)
        flags, csize, name_len, extra_len = fields[2], fields[7], fields[9], fields[10]
        start = pos + _LOCAL.size
        if start + name_len > len(head):
            break
        names.append(head[start : start + name_len].decode("utf-8", "replace"))
        if flags & 0x08:  # sizes follow the data: the next header cannot be located
            break
        pos = start + name_len + extra_len + csize
    return names


def is_office_zip(head: bytes, name: str) -> bool:
    """True when a zip looks like an OOXML/OpenDocument file (by extension or member names)."""
    if name.lower().endswith(_OFFICE_EXTENSIONS):
        return True
    return any(n in _OFFICE_MEMBERS or n.startswith(_OFFICE_PREFIXES) for n in head_member_names(head))


class ZipReader(Reader):
    """ZIP archive: members as ChildBlobs, hostile content reported as ReadIssues."""

    id = "zip"
    extensions = (".zip", ".zipx")

    def sniff(self, head: bytes, name: str) -> float:
        """0.9 for a zip signature, 0.1 for office zips, 0.3 for the extension alone."""
        if head.startswith(_ZIP_MAGICS):
            return 0.1 if is_office_zip(head, name) else 0.9
        return super().sniff(head, name)

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Yield each member (see :func:`iter_zip`)."""
        yield from iter_zip(blob, ctx)


__all__ = ["ZipReader", "head_member_names", "is_office_zip"]
