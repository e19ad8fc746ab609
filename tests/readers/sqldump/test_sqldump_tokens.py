"""The pieces under the reader: lines, the statement lexer, VALUES tokens and literals, CREATE TABLE."""

from __future__ import annotations

import pytest

from phiscope.readers.sqldump.dialect import ANSI, MYSQL, POSTGRES, detect_dialect
from phiscope.readers.sqldump.lexer import StatementLexer
from phiscope.readers.sqldump.lines import iter_lines
from phiscope.readers.sqldump.pg_copy import copy_format, text_row
from phiscope.readers.sqldump.schema import TableName, create_table
from phiscope.readers.sqldump.values import hex_text, parse_tuples, tokenize


def test_lines_crlf_and_long_lines_in_pieces() -> None:
    assert list(iter_lines(["a\r\nb", "c\nd\r"])) == [(1, "a", True), (2, "bc", True), (3, "d", True)]
    assert list(iter_lines(["x" * 5, "y" * 5, "z\nw"], max_chars=4)) == [
        (1, "xxxxx", False), (1, "yyyyy", False), (1, "z", True), (2, "w", True)]


def _ends(dialect: object, *pieces: str) -> list[int]:
    lexer = StatementLexer(dialect)  # type: ignore[arg-type]
    return [lexer.feed(p) for p in pieces]


@pytest.mark.parametrize(
    ("dialect", "pieces", "ends"),
    [
        (MYSQL, ["INSERT INTO t VALUES ('a;b', \"c;\\\"d\");"], [37]),
        (MYSQL, ["SELECT 'it\\'s;", "'; x;"], [-1, 1]),
        (POSTGRES, ["SELECT 'C:\\'; x"], [12]),
        (POSTGRES, ["SELECT E'\\';'", "; y"], [-1, 0]),
        (POSTGRES, ["CREATE FUNCTION f() AS $body$ a; b $body$;"], [41]),
        (POSTGRES, ["AS $$ x; ", "y $", "$;"], [-1, -1, 1]),
        (ANSI, ["a -- c;\n", "b /* c; */ c `d;e`;"], [-1, 18]),
        (ANSI, ["x 'a'", "'b';"], [-1, 3]),  # a doubled quote cut between two pieces
        (ANSI, ["x /", "* c; */;"], [-1, 7]),
        (ANSI, ["a$b$ c;"], [6]),
    ],
)
def test_lexer_finds_the_end(dialect: object, pieces: list[str], ends: list[int]) -> None:
    assert _ends(dialect, *pieces) == ends


def test_lexer_in_quote() -> None:
    lexer = StatementLexer(MYSQL)
    assert lexer.feed("INSERT INTO t VALUES ('open\n") == -1 and lexer.in_quote
    lexer.reset()
    assert not lexer.in_quote


def test_values_decoding() -> None:
    text = (r"(1, -2.5e3, 'a''b', 'c\'d\n', NULL, null, 0x4869, _binary 'x', X'4869', B'101', now(), "
            r"'2024-01-02'::date, CAST('3' AS int), 'O' 'Brien', '', TRUE)")
    tokens, open_string = tokenize(text, MYSQL)
    got = parse_tuples(tokens, MYSQL)
    assert not open_string and got.status == "more" and got.stop == len(tokens)
    assert got.rows == [["1", "-2.5e3", "a'b", "c'd\n", None, None, "Hi", "x", "Hi", "101", "now()",
                         "2024-01-02", "3", "'O' 'Brien'", None, "TRUE"]]
    pg, _ = tokenize(r"('a\n', E'b\x41\101\u00e9\'', 'c''d')", POSTGRES)
    assert parse_tuples(pg, POSTGRES).rows == [["a\\n", "bAAé'", "c'd"]]


@pytest.mark.parametrize(
    ("text", "status", "rows"),
    [("(1),(2);", "end", 2), ("(1),(2", "open", 1), ("(1) ON DUPLICATE KEY UPDATE a=1", "tail", 1),
     ("(1,,2)", "error", 0), ("(1;", "error", 0), ("(1),", "more", 1), ("()", "more", 1)],
)
def test_tuple_status(text: str, status: str, rows: int) -> None:
    got = parse_tuples(tokenize(text, MYSQL)[0], MYSQL)
    assert (got.status, len(got.rows)) == (status, rows)


def test_unterminated_string_token() -> None:
    tokens, open_string = tokenize("(1,'ok'),(2,'open, 3)", MYSQL)
    assert open_string and tokens[-1] == "'open, 3)"


def test_hex_text() -> None:
    assert hex_text("4869", "0x4869") == "Hi"
    assert hex_text("00ff", "0x00ff") == "0x00ff" and hex_text("abc", "0xabc") == "0xabc"


def test_create_table_columns() -> None:
    got = create_table('CREATE TABLE IF NOT EXISTS "s"."T" (\n  id int DEFAULT nextval(\'s\'::regclass),\n'
                       '  "Last, Name" text CHECK (length("Last, Name") > 0),\n  `key` text,\n'
                       "  PRIMARY KEY (id), CONSTRAINT c UNIQUE (id), KEY k (id)\n) ENGINE=InnoDB")
    assert got == (TableName(("s", "T")), ["id", "Last, Name", "key"])
    assert create_table("CREATE TABLE t AS SELECT 1") is None
    assert create_table("CREATE INDEX i ON t (a)") is None


def test_copy_options_and_text_rows() -> None:
    fmt = copy_format(" WITH (FORMAT csv, DELIMITER ';', NULL 'x', HEADER)")
    assert (fmt.csv, fmt.delimiter, fmt.null, fmt.header) == (True, ";", "x", True)
    text = copy_format("")
    assert text_row("a\t\\N\t\tb\\\\c\\td", text) == ["a", None, None, "b\\c\td"]
    assert text_row("a\\\tb\tc", text) == ["a\tb", "c"]


def test_dialect_detection() -> None:
    assert detect_dialect("-- PostgreSQL database dump\n") == POSTGRES
    assert detect_dialect("SET standard_conforming_strings = off;\n").backslash
    assert detect_dialect("INSERT INTO `t` VALUES (1);") == MYSQL
    assert detect_dialect("PRAGMA foreign_keys=OFF;\nINSERT INTO t VALUES ('a\\');") == ANSI
    assert detect_dialect("INSERT INTO t VALUES ('a');") == ANSI
