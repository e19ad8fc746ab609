"""Fuzzing: random and mutated dumps never crash the reader (DocumentError only) and never hang."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_helpers import read
from test_sqldump_reader import MYSQL_DUMP, PG_DUMP

from phiscope.errors import DocumentError
from phiscope.model import ReadIssue, TableBatch, TextUnit

SQL_CHARS = "'\"`;()\\\n\t\r ,$-/*!NULLEINSERT INTO VALUES COPY FROM stdin CREATE TABLE 0x12aZ\x00é"


def _read_safely(data: bytes, name: str = "dump.sql") -> None:
    t0 = time.perf_counter()
    try:
        items = read(data, name, batch_rows=7)
    except DocumentError:
        return
    assert all(isinstance(i, TableBatch | TextUnit | ReadIssue) for i in items)
    last_line: dict[str | None, int] = {}
    for item in items:
        if isinstance(item, TableBatch):
            assert item.frame.width == len(item.header) and item.first_row >= 1
            assert item.lines is not None and len(item.lines) == item.frame.height
            assert last_line.get(item.loc.sheet, 1) <= item.lines[0] and item.lines == sorted(item.lines)
            assert item.lines[-1] <= data.count(b"\n") + 1
            last_line[item.loc.sheet] = item.lines[-1]
    assert time.perf_counter() - t0 < 2.0


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([b"", b"-- PostgreSQL database dump\n", b"-- MySQL dump\n",
                        b"COPY t (a, b) FROM stdin;\n", b"INSERT INTO `t` VALUES (", b"\xef\xbb\xbfPGDMP"]),
       st.binary(max_size=3000))
def test_random_bytes(prefix: bytes, data: bytes) -> None:
    _read_safely(prefix + data)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([PG_DUMP, MYSQL_DUMP]))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 40))
        insert = draw(st.text(alphabet=SQL_CHARS, max_size=6))
        text = text[:at] + insert + text[at + cut :]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_mutated_dumps(text: str) -> None:
    _read_safely(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=SQL_CHARS, max_size=400))
def test_sql_alphabet_soup(text: str) -> None:
    _read_safely(("-- MySQL dump\n" + text).encode("utf-8"))
    _read_safely(("-- PostgreSQL database dump\n" + text).encode("utf-8"))


def test_pathological_input_stays_fast() -> None:
    t0 = time.perf_counter()
    read("INSERT INTO t VALUES ('" + "'';\n" * 20_000)  # a string that never closes, a ; on every line
    read("COPY t (a, b) FROM stdin;\n" + "x\\" * 100_000)
    read("INSERT INTO t VALUES " + "(" * 50_000 + ";")
    read("CREATE TABLE t (" + "a int, " * 20_000)
    assert len(read("INSERT INTO t VALUES (1);" * 20_000 + "\n", batch_rows=100_000)) == 1  # one long line
    read("SET a = 1; -- c\n" * 20_000)
    assert time.perf_counter() - t0 < 5.0
