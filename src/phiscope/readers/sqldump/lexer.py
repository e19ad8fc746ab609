"""Where a SQL statement ends: the first ``;`` outside quotes and comments, found piece by piece.

Knows single-quoted strings (backslash escapes where the dialect has them and
in PostgreSQL ``E'...'``), double-quoted and backquoted names (or MySQL
strings), ``--`` and ``/* */`` comments and PostgreSQL ``$tag$`` bodies, whose
``;`` must not end a ``CREATE FUNCTION``. A construct cut at the end of a piece
(a doubled quote, an escape, ``*/``) is carried over to the next piece.
"""

from __future__ import annotations

import re

from phiscope.readers.sqldump.dialect import Dialect

_NORMAL_PG = re.compile(r"[;'\"`]|--|/\*|\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$")
_NORMAL = re.compile(r"[;'\"`]|--|/\*")
_BODY = {q: re.compile(rf"[^{q}]*") for q in "'\"`"}
_BODY_BS = {q: re.compile(rf"[^{q}\\]*(?:\\[\s\S][^{q}\\]*)*") for q in "'\""}
_WORD = re.compile(r"\w")


class StatementLexer:
    """Feed the text of one statement piece by piece; ``feed`` says where it ends."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._state = ""  # "" code, a quote character, "--", "/*" or a "$tag$"
        self._bs = False  # the open quote takes backslash escapes
        self._carry = ""

    @property
    def in_quote(self) -> bool:
        """Whether the text so far ends inside a quoted string or name."""
        return self._state[:1] in ("'", '"', "`", "$")

    def reset(self) -> None:
        """Start a new statement."""
        self._state, self._bs, self._carry = "", False, ""

    def feed(self, text: str, start: int = 0) -> int:
        """The index in ``text`` of the ``;`` that ends the statement (reading from ``start``), or -1
        (the statement goes on)."""
        if self._carry:
            s, shift, pos = self._carry + text[start:], start - len(self._carry), 0
        else:
            s, shift, pos = text, 0, start
        self._carry = ""
        n = len(s)
        while pos < n:
            state = self._state
            if not state:
                pos = self._code(s, pos)
                if pos < 0:
                    return -pos - 1 + shift
            elif state == "--":
                i = s.find("\n", pos)
                if i < 0:
                    return -1
                self._state, pos = "", i + 1
            elif state == "/*" or state[0] == "$":
                pos = self._close(s, pos, "*/" if state == "/*" else state)
            else:
                pos = self._quoted(s, pos, state)
        return -1

    def _code(self, s: str, pos: int) -> int:
        """Scan code from ``pos``: the next position, or ``-(index of ';') - 1`` where the statement ends."""
        m = (_NORMAL_PG if self.dialect.dollar_quotes else _NORMAL).search(s, pos)
        if m is None:
            if s[-1:] in ("-", "/"):
                self._carry = s[-1]  # may open a comment in the next piece
            return len(s)
        tok, start = m.group(), m.start()
        if tok == ";":
            return -start - 1
        if tok[0] == "$" and start and _WORD.match(s, start - 1):
            return start + 1  # a "$" inside a name, not a dollar quote
        self._state = tok
        if tok in ("'", '"'):
            self._bs = self.dialect.backslash or (tok == "'" and _e_prefix(s, start))
        return m.end()

    def _close(self, s: str, pos: int, end: str) -> int:
        """Inside a comment or dollar body: the position after ``end``, or the end of ``s``."""
        i = s.find(end, pos)
        if i < 0:
            keep = len(end) - 1
            self._carry = s[max(pos, len(s) - keep) :] if keep else ""
            return len(s)
        self._state = ""
        return i + len(end)

    def _quoted(self, s: str, pos: int, quote: str) -> int:
        """Inside a quoted run: the position after its closing quote, or the end of ``s``."""
        body = _BODY_BS[quote] if self._bs and quote != "`" else _BODY[quote]
        e = body.match(s, pos).end()  # type: ignore[union-attr]
        n = len(s)
        if e >= n:
            return n
        if s[e] != quote or e + 1 >= n:
            self._carry = s[e:]  # a trailing backslash, or a quote that may be doubled
            return n
        if s[e + 1] == quote:
            return e + 2
        self._state = ""
        return e + 1


def _e_prefix(s: str, quote_at: int) -> bool:
    """PostgreSQL ``E'...'``: an E right before the quote, not ending a longer word."""
    if quote_at < 1 or s[quote_at - 1] not in "Ee":
        return False
    return quote_at < 2 or not _WORD.match(s, quote_at - 2)
