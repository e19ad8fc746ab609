"""OBX-5 encapsulated data (ED): Base64 or hex payloads become child documents."""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from typing import TYPE_CHECKING

from phiscope.errors import ErrorKind
from phiscope.model import ChildBlob, Location, ReadIssue
from phiscope.readers.hl7v2.segment import Segment, comp

if TYPE_CHECKING:
    from phiscope.readers.hl7v2.message import MessageBuilder

_EXT = {"PDF": "pdf", "RTF": "rtf", "HTML": "html", "XML": "xml", "JPEG": "jpg", "JPG": "jpg", "PNG": "png",
        "TIFF": "tif", "GIF": "gif", "PLAIN": "txt", "TEXT": "txt", "MSWORD": "doc", "DOC": "doc",
        "DOCX": "docx", "ZIP": "zip", "DICOM": "dcm", "CDA": "xml"}
_SPACE = re.compile(r"\s+")


def decode_payload(encoding: str, data: str) -> bytes | None:
    """The bytes of an ED payload; None for plain-text encodings; ValueError when malformed."""
    if encoding == "BASE64":
        compact = _SPACE.sub("", data)
        compact += "=" * (-len(compact) % 4)
        return base64.b64decode(compact, validate=True)
    if encoding == "HEX":
        return bytes.fromhex(_SPACE.sub("", data))
    return None


def _extension(subtype: str) -> str:
    key = subtype.upper().rsplit("/", 1)[-1].replace("X-", "")
    return _EXT.get(key, "bin")


def _child(b: MessageBuilder, name: str, payload: bytes) -> ChildBlob:
    if len(payload) <= b.ctx.limits.spool_over_bytes:
        return ChildBlob(name, data=payload)
    with tempfile.NamedTemporaryFile(dir=b.ctx.tmp_dir, prefix="phiscope-hl7-", delete=False) as spool:
        spool.write(payload)
    return ChildBlob(name, spool_path=spool.name)


def encapsulated(b: MessageBuilder, seg: Segment) -> None:
    """Each repetition of OBX-5: a ChildBlob, a text field (ASCII encoding) or a ReadIssue."""
    for rep, off in seg.reps(5):
        c = seg.comps(rep)
        encoding = seg.text(comp(c, 3)).upper()
        data = seg.d.unescape(comp(c, 4))
        loc = Location(b.em.path, line=seg.line, column="OBX-5", offset=off, length=len(rep))
        try:
            payload = decode_payload(encoding, data)
        except (ValueError, binascii.Error):
            message = f"message {b.index}: OBX-5 encapsulated data is not valid {encoding.lower()}; skipped"
            b.out.append(ReadIssue(ErrorKind.CORRUPT, message, loc))
            continue
        if payload is None:
            b.em.put(b.patient(), seg, 5, data, None, "encapsulated text", off, len(rep))
            continue
        if payload:
            k = b.counts.get("ED", 0) + 1
            b.counts["ED"] = k
            b.out.append(_child(b, f"{b.prefix}-OBX-ED{k}.{_extension(seg.text(comp(c, 2)))}", payload))
