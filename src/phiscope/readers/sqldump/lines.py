"""Decoded text pieces -> numbered lines; a very long line comes in pieces so memory stays bounded."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

#: a line longer than this is handed on in pieces of about this size (``eol`` False but for the last)
MAX_PIECE_CHARS = 4 << 20


def iter_lines(pieces: Iterable[str], max_chars: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str, bool]]:
    """``(line number, text, eol)`` for each line of the text; ``eol`` is False for a piece of a line
    longer than ``max_chars`` that goes on in the next piece. A CR before LF is dropped."""
    line_no = 1
    carry: list[str] = []
    carry_len = 0
    for piece in pieces:
        parts = piece.split("\n")
        for part in parts[:-1]:
            if carry:
                carry.append(part)
                part = "".join(carry)
                carry, carry_len = [], 0
            yield line_no, part[:-1] if part.endswith("\r") else part, True
            line_no += 1
        last = parts[-1]
        if last:
            carry.append(last)
            carry_len += len(last)
            if carry_len >= max_chars:
                yield line_no, "".join(carry), False
                carry, carry_len = [], 0
    if carry:
        text = "".join(carry)
        yield line_no, text[:-1] if text.endswith("\r") else text, True
