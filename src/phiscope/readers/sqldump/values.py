"""The VALUES tuples of an INSERT statement, as rows of strings.

Why not sqlglot: it tokenizes in Python and builds a syntax-tree node per
value (0.4 MB/s on a 280 KB extended INSERT, against about 9 MB/s here, both
measured on the loaded 2-core development machine), and it gives up on a whole
statement at its first bad token. A dump is mostly VALUES data, so one
regular expression per dialect (``findall``: C speed) cuts a statement into
tokens — quoted strings with their escapes, bare words (numbers, NULL,
``0x...``), punctuation — and a small loop builds the tuples, so the tuples
before a malformed one are kept and where it broke is known.

A value of several tokens is its string literal when the other tokens only
decorate it (``_binary 'x'``, ``X'4869'``, ``'2024-01-02'::date``,
``CAST('3' AS int)``), else the expression's text (``now()``), so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from phiscope.readers.sqldump.dialect import Dialect

Row = list[str | None]

_SQ_BS = r"'[^'\\]*(?:(?:\\[\s\S]|'')[^'\\]*)*'"
_DQ_BS = r'"[^"\\]*(?:(?:\\[\s\S]|"")[^"\\]*)*"'
_SQ = r"'[^']*(?:''[^']*)*'"
_DQ = r'"[^"]*(?:""[^"]*)*"'
_BARE = r"""[^\s,()'";]+"""
#: the last alternative, an unterminated quote, takes the rest of the text
_TOKENS_BS = re.compile(rf"""[,();]|\s*(?:{_SQ_BS}|{_DQ_BS}|{_BARE}|[,();]|['"][\s\S]*)""")
_TOKENS = re.compile(rf"""[,();]|\s*(?:[Ee]{_SQ_BS}|{_SQ}|{_DQ}|{_BARE}|[,();]|['"][\s\S]*)""")
_STRING_BS = re.compile(rf"\s*(?:[Ee]?{_SQ_BS}|{_DQ_BS})")
_STRING = re.compile(rf"\s*(?:[Ee]{_SQ_BS}|{_SQ}|{_DQ})")
_MYSQL_ESC = {q: re.compile(rf"\\([\s\S])|{q}{q}") for q in "'\""}
_MYSQL_MAP = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "%": "\\%", "_": "\\_"}
_PG_ESC = re.compile(
    r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([\s\S]))|''"
)
_PG_MAP = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})*")
_INTRODUCER = re.compile(r"_\w+|[XxNnBb]")
NULLS = frozenset(("NULL", "null", "Null"))


def tokenize(text: str, dialect: Dialect, pos: int = 0) -> tuple[list[str], bool]:
    """The tokens of ``text`` from ``pos`` (leading blanks kept, so joining them gives the text back),
    and whether the last one is an unterminated quoted string (it then holds the rest of the text)."""
    tokens: list[str] = (_TOKENS_BS if dialect.backslash else _TOKENS).findall(text, pos)
    if tokens:
        last = tokens[-1].lstrip()
        if last[:1] in ("'", '"') and not (_STRING_BS if dialect.backslash else _STRING).fullmatch(last):
            return tokens, True
    return tokens, False


def _pg_repl(m: re.Match[str]) -> str:
    octal, hex2, u4, u8, other = m.groups()
    if other is not None:
        return _PG_MAP.get(other, other)
    if octal is None and hex2 is None and u4 is None and u8 is None:
        return "'"
    code = int(octal, 8) if octal else int(hex2 or u4 or u8, 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def pg_unescape(text: str) -> str:
    """PostgreSQL backslash escapes (``E''`` strings and COPY text data)."""
    return _PG_ESC.sub(_pg_repl, text) if "\\" in text or "''" in text else text


def _mysql_unescape(body: str, quote: str) -> str:
    if "\\" not in body and quote * 2 not in body:
        return body
    return _MYSQL_ESC[quote].sub(lambda m: quote if m.group(1) is None else _MYSQL_MAP.get(m[1], m[1]), body)


def hex_text(digits: str, literal: str) -> str:
    """The text a hex literal holds when it is printable UTF-8 (a BLOB of notes), else the literal."""
    if not _HEX.fullmatch(digits) or not digits:
        return literal
    try:
        text = bytes.fromhex(digits).decode("utf-8")
    except UnicodeDecodeError:
        return literal
    return text if all(c.isprintable() or c in "\t\r\n" for c in text) else literal


def string_value(token: str, dialect: Dialect) -> str | None:
    """A quoted-string token (maybe with leading blanks and an ``E`` prefix) decoded."""
    quote = token[-1]
    q = token.find(quote)
    body = token[q + 1 : -1]
    if dialect.backslash and quote != "`":
        body = _mysql_unescape(body, quote)
    elif q and token[q - 1] in "Ee":
        body = pg_unescape(body)
    elif quote * 2 in body:
        body = body.replace(quote * 2, quote)
    return body or None


def bare_value(token: str) -> str | None:
    """A bare token: NULL is None, a ``0x`` literal its text where printable, else the token."""
    value = token.lstrip()
    if value in NULLS:
        return None
    if value[:2] in ("0x", "0X"):
        return hex_text(value[2:], value)
    return value


def _drop_comments(tokens: list[str]) -> list[str]:
    """The tokens without ``-- ...`` (to the end of the line) and ``/* ... */`` comments."""
    if not any("--" in t or "/*" in t for t in tokens):
        return tokens
    out: list[str] = []
    line = block = False
    for t in tokens:
        s = t.lstrip()
        if line and "\n" in t[: len(t) - len(s)]:
            line = False
        if block:
            block = "*/" not in s
        elif s.startswith("--"):
            line = True
        elif s.startswith("/*"):
            block = "*/" not in s
        elif not line:
            out.append(t)
    return out or tokens


def expression_value(tokens: list[str], dialect: Dialect) -> str | None:
    """A value of several tokens: a string literal with an introducer (``_binary``, ``X`` as hex),
    a cast (``::date``, ``CAST(... AS date)``); else the expression's text, so nothing is lost."""
    tokens = _drop_comments(tokens)
    if len(tokens) == 1:
        return _single(tokens[0], dialect)
    strings = [i for i, t in enumerate(tokens) if t[-1] in ("'", '"')]
    if len(strings) == 1:
        i = strings[0]
        before, after = "".join(tokens[:i]).strip(), "".join(tokens[i + 1 :]).strip()
        value = string_value(tokens[i], dialect)
        if (not before or _INTRODUCER.fullmatch(before)) and (not after or after.startswith("::")):
            return hex_text(value, value) if before in ("X", "x") and value else value
        if before.upper() in ("CAST(", "CONVERT(") and after.endswith(")"):
            return value
    return "".join(tokens).strip() or None


@dataclass(slots=True)
class Tuples:
    """What ``parse_tuples`` read: complete rows; ``status`` end (the ``;``), more (tokens ran out
    between tuples), open (ran out inside a tuple), tail (a clause after the tuples, e.g. ON
    DUPLICATE KEY UPDATE) or error; ``stop`` the index of the first token after the last row;
    ``starts`` the index of each row's ``(`` token (and of an unfinished last one)."""

    rows: list[Row] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    status: str = "more"
    stop: int = 0
    error: str = ""

    def done(self, status: str, stop: int) -> Tuples:
        """Finished with ``status``."""
        self.status, self.stop = status, stop
        return self

    def fail(self, error: str) -> Tuples:
        """Stopped at a malformed tuple (``error`` names the problem, never content)."""
        self.status, self.error = "error", error
        return self


def _single(token: str, dialect: Dialect) -> str | None:
    """A one-token value; plain quoted strings and plain words without a function call."""
    c = token[-1]
    if c == "'" or c == '"':
        if token[0] == c and "\\" not in token and c + c not in token[1:-1]:
            return token[1:-1] or None
        return string_value(token, dialect)
    value = token if token[0] > " " else token.lstrip()
    if value in NULLS:
        return None
    return bare_value(value) if value[0] == "0" and value[1:2] in ("x", "X") else value


def parse_tuples(tokens: list[str], dialect: Dialect) -> Tuples:
    """Assemble ``(v, v, ...), (...)`` tuples from tokens (see ``tokenize``)."""
    out = Tuples()
    row: Row | None = None
    value: str | None = None
    cur: str | None = None  # the first token of the value being read
    more: list[str] = []  # its other tokens (an expression)
    depth = 0
    for i, t in enumerate(tokens):
        c = t[-1]
        if depth == 0 and row is not None and (c == "," or c == ")"):
            if cur is None and (c == "," or row):
                return out.fail("a value is missing")
            if cur is not None:
                row.append(expression_value([cur, *more], dialect) if more else value)
                cur, more = None, more and []
            if c == ")":
                out.rows.append(row)
                row, out.stop = None, i + 1
        elif row is None:
            if c == "(":
                row = []
                out.starts.append(i)
            elif c != ",":
                return out.done("end", i + 1) if c == ";" else out.done("tail", i)
        elif c == ";":
            return out.fail("the statement ends inside a tuple")
        elif cur is None:  # plain strings and words decoded inline: this loop is the hot path
            cur, s = t, t if t[0] > " " else t.lstrip()
            if c == "'" and s[0] == "'" and s.count("'") == 2 and "\\" not in s:
                value = s[1:-1] or None
            elif c != "'" and c != '"' and c != "(" and s[0] != "0":
                value = None if s in NULLS else s
            else:
                value = _single(t, dialect)
                depth += c == "("
        else:
            more.append(t)
            depth += (c == "(") - (c == ")")
    return out.done("open" if row is not None else "more", out.stop)
