"""Tell office documents apart from their first bytes.

OOXML (docx/xlsx/pptx) and OpenDocument files are zip archives, so they start
with ``PK`` like any zip. Their kind shows in the local file headers near the
start: the ``[Content_Types].xml`` member (deflated, but its first bytes
decompress from the head alone), member names such as ``word/document.xml``,
or the stored ``mimetype`` member of OpenDocument. Encrypted OOXML and legacy
binary Office files are OLE compound files; their directory names the streams.
"""

from __future__ import annotations

import re
import struct
import zlib

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_MAIN_TYPE = re.compile(
    rb'ContentType="application/vnd\.(?:openxmlformats-officedocument\.)?'
    rb"(wordprocessingml|spreadsheetml|presentationml|ms-word|ms-excel|ms-powerpoint)\.[A-Za-z.]*?main"
)
_TYPE_KIND = {
    b"wordprocessingml": "docx", b"ms-word": "docx",
    b"spreadsheetml": "xlsx", b"ms-excel": "xlsx",
    b"presentationml": "pptx", b"ms-powerpoint": "pptx",
}
_PREFIX_KIND = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
_ODF_KIND = {
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OLE_STREAMS = (
    ("EncryptedPackage", "encrypted"),
    ("Workbook", "xls"),
    ("WordDocument", "doc"),
    ("PowerPoint Document", "ppt"),
    ("Book", "xls"),
)


def _members(head: bytes) -> list[tuple[str, int, bytes]]:
    """(name, compression method, the member's bytes present in ``head``) per local header."""
    out: list[tuple[str, int, bytes]] = []
    pos = head.find(ZIP_MAGIC)
    while pos != -1 and pos + _LOCAL_HEADER.size <= len(head):
        fields = _LOCAL_HEADER.unpack_from(head, pos)
        method, csize, name_len, extra_len = fields[3], fields[7], fields[9], fields[10]
        start = pos + _LOCAL_HEADER.size
        name = head[start : start + name_len].decode("utf-8", "replace")
        data_start = start + name_len + extra_len
        end = data_start + csize if csize else len(head)
        out.append((name, method, head[data_start : min(end, len(head))]))
        pos = head.find(ZIP_MAGIC, data_start)
    return out


def _inflate_prefix(method: int, data: bytes) -> bytes:
    if method == 0:
        return data
    if method != 8:
        return b""
    try:
        return zlib.decompressobj(-15).decompress(data)
    except zlib.error:
        return b""


def zip_office_kind(head: bytes) -> str | None:
    """``docx``/``xlsx``/``xlsb``/``pptx``/``ods``/``odt``/``odp`` for an office zip, else None."""
    if not head.startswith(ZIP_MAGIC):
        return None
    members = _members(head)
    names = [m[0] for m in members]
    for name, method, data in members:
        if name == "mimetype" and method == 0:
            kind = _ODF_KIND.get(data.decode("ascii", "replace").strip())
            if kind:
                return kind
        if name == "[Content_Types].xml":
            match = _MAIN_TYPE.search(_inflate_prefix(method, data))
            if match:
                kind = _TYPE_KIND[match.group(1)]
                return "xlsb" if kind == "xlsx" and b"binary" in match.group(0) else kind
    for name in names:
        if name == "xl/workbook.bin":
            return "xlsb"
        for prefix, kind in _PREFIX_KIND:
            if name.startswith(prefix):
                return kind
    return None


def ole_kind(head: bytes) -> str | None:
    """For an OLE compound file: ``encrypted``/``xls``/``doc``/``ppt`` from stream names in
    ``head`` (``ole`` when none is visible); None when not OLE at all."""
    if not head.startswith(OLE_MAGIC):
        return None
    for stream, kind in _OLE_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in head:
            return kind
    return "ole"
