"""Recognise an RFC 822 header block at the start of some bytes."""

from __future__ import annotations

import re

_HEADER = re.compile(rb"^([A-Za-z0-9][A-Za-z0-9_.-]*)[ \t]*:")
_STRONG = frozenset({
    b"from", b"received", b"message-id", b"mime-version", b"return-path", b"delivered-to",
    b"x-original-to", b"dkim-signature", b"arc-seal", b"x-received", b"authentication-results",
})
_KNOWN = _STRONG | frozenset({
    b"to", b"cc", b"bcc", b"subject", b"date", b"reply-to", b"sender", b"content-type",
    b"content-transfer-encoding", b"x-mailer", b"user-agent", b"references", b"in-reply-to",
    b"thread-topic", b"thread-index", b"importance", b"x-priority", b"list-id", b"precedence",
})
_MAX_LINES = 100


def header_block_score(data: bytes) -> float:
    """0.9 when ``data`` opens with a mail header block, 0.6 for a weaker one, else 0."""
    lines = data.split(b"\n", _MAX_LINES)[:_MAX_LINES]
    known = strong = 0
    for i, line in enumerate(lines):
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if i == 0:
                return 0.0
            continue
        match = _HEADER.match(line)
        if match is None:
            if i == len(lines) - 1 and i > 0:  # a line cut by the end of the head
                break
            return 0.0
        name = match.group(1).lower()
        known += name in _KNOWN
        strong += name in _STRONG
    if strong >= 2 or (strong and known >= 3):
        return 0.9
    return 0.6 if strong and known >= 2 else 0.0
