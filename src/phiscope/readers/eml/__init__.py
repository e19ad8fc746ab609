"""Single e-mail messages (RFC 822 / MIME, ``.eml``): PII headers, bodies, attachments."""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Iterator

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadItem
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.eml.message import message_items
from phiscope.readers.eml.sniff import header_block_score
from phiscope.sources.blob import Blob

_BOM = b"\xef\xbb\xbf"


class EmlReader(Reader):
    """One RFC 822 message: header TextUnits, body TextUnits, attachments as ChildBlobs."""

    id = "eml"
    extensions = (".eml",)

    def sniff(self, head: bytes, name: str) -> float:
        """0.9 for a mail header block at the start, 0.4 for the ``.eml`` extension alone."""
        score = header_block_score(head.removeprefix(_BOM))
        return max(score, 0.4) if name.lower().endswith(self.extensions) else score

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Parse the whole message (the stdlib parser holds it in memory) and yield its items."""
        with blob.open() as fp:
            data = fp.read().removeprefix(_BOM)
        if data.startswith(b"From "):  # an mbox envelope line saved with the message
            data = data.partition(b"\n")[2]
        try:
            msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(data)
        except Exception:  # parser failures on hostile input are reported, never raised on
            raise DocumentError(ErrorKind.CORRUPT, "e-mail message could not be parsed") from None
        yield from message_items(msg, blob.display_path, ctx)


__all__ = ["EmlReader"]
