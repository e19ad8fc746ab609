"""Mailboxes in mbox format, streamed message by message with bounded memory.

Every item of message *n* carries ``mime_part`` ``msg<n>/…`` (``msg17/1.2``,
``msg17/headers``), and its attachments are named ``msg<n>/<filename>``
(``archive.mbox!/msg17/labs.csv``), so equal names in different messages stay apart.
"""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Iterator

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem
from phiscope.readers.base import ReadContext, Reader
from phiscope.readers.eml.message import message_items
from phiscope.readers.eml.sniff import header_block_score
from phiscope.readers.mbox.split import FROM_LINE, iter_raw_messages
from phiscope.sources.blob import Blob


class MboxReader(Reader):
    """An mbox mailbox: the items of each message, prefixed ``msg<n>/``."""

    id = "mbox"
    extensions = (".mbox", ".mbx")

    def sniff(self, head: bytes, name: str) -> float:
        """0.95 for an envelope line followed by mail headers; 0.4 for the extension alone."""
        score = 0.0
        if head.startswith(b"From "):
            first, _, rest = head.partition(b"\n")
            if FROM_LINE.match(first):
                score = 0.95 if header_block_score(rest) else 0.7
        return max(score, 0.4) if name.lower().endswith(self.extensions) else score

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """Yield the items of every message; a message that cannot be parsed is a ReadIssue."""
        parser = email.parser.BytesParser(policy=email.policy.default)
        with blob.open() as fp:
            for raw in iter_raw_messages(fp, ctx.limits.max_member_bytes):
                prefix = f"msg{raw.number}/"
                loc = Location(path=blob.display_path, mime_part=f"msg{raw.number}")
                if raw.oversized:
                    yield ReadIssue(ErrorKind.OVERSIZED.value, f"message larger than "
                                    f"{ctx.limits.max_member_bytes} bytes skipped", loc)
                    continue
                try:
                    msg = parser.parsebytes(raw.data)
                except Exception:  # parser failures on hostile input: report, go on with the next
                    yield ReadIssue(ErrorKind.CORRUPT.value, "message could not be parsed; skipped", loc)
                    continue
                yield from message_items(msg, blob.display_path, ctx, prefix)


__all__ = ["MboxReader"]
