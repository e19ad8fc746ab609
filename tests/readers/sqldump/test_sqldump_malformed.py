"""Malformed dumps: a typed ReadIssue for the broken statement or block, and the rest of the file read."""

from __future__ import annotations

import pytest
from sql_helpers import issues, read, tables, texts

from phiscope.errors import ErrorKind
from phiscope.model import Location
from phiscope.readers.base import ReadContext
from phiscope.readers.sqldump import dump as dump_module
from phiscope.readers.sqldump.dialect import MYSQL, POSTGRES
from phiscope.readers.sqldump.dump import DumpParser

SECRET = "536-22-8741"
MYSQL_HEAD = "-- MySQL dump 10.13\nCREATE TABLE `g` (`id` int, `name` text, `ssn` text);\n"


def _no_content(items: list[object]) -> None:
    for issue in issues(items):  # type: ignore[arg-type]
        assert SECRET not in issue.message and "Brien" not in issue.message


def test_unterminated_string_is_cut_at_the_next_statement() -> None:
    dump = (MYSQL_HEAD + "INSERT INTO `g` VALUES (1,'Ann','111-22-3333'),(2,'O'Brien','" + SECRET + "');\n"
            "INSERT INTO `g` VALUES (3,'Next','222-33-4444');\n")
    items = read(dump)
    assert tables(items)["g"][1] == [("1", "Ann", "111-22-3333"), ("3", "Next", "222-33-4444")]
    [issue] = issues(items)
    assert issue.kind == ErrorKind.CORRUPT.value and "unterminated" in issue.message
    assert issue.loc == Location("case/dump.sql", sheet="g", line=3)
    assert any(SECRET in t.text for t in texts(items))  # the unreadable rest is still scanned as text
    _no_content(items)


def test_wrong_number_of_values_pads_or_folds_and_reports() -> None:
    dump = MYSQL_HEAD + f"INSERT INTO `g` VALUES (1,'Ann'),(2,'Bo','{SECRET}','extra',NULL),(3,'Cy','x');\n"
    items = read(dump)
    assert tables(items)["g"][1] == [("1", "Ann", None), ("2", "Bo", f"{SECRET}, extra"), ("3", "Cy", "x")]
    [issue] = issues(items)
    assert issue.kind == ErrorKind.CORRUPT.value and issue.message.startswith("2 row(s)")
    assert issue.loc is not None and issue.loc.line == 3 and issue.loc.sheet == "g"
    _no_content(items)


@pytest.mark.parametrize("bad", ["(1,,2)", "(1,'a',)", "(1 'a')x", "(1,'a';"])
def test_malformed_tuple_keeps_earlier_rows(bad: str) -> None:
    dump = (MYSQL_HEAD + f"INSERT INTO `g` VALUES (7,'ok','{SECRET}'),{bad},(9,'late','x');\n"
            "INSERT INTO `g` VALUES (10,'after','y');\n")
    items = read(dump)
    rows = tables(items)["g"][1]
    assert rows[0] == ("7", "ok", SECRET) and rows[-1] == ("10", "after", "y")
    assert [i.kind for i in issues(items)] == [ErrorKind.CORRUPT.value]
    _no_content(items)


def test_copy_block_cut_by_the_next_statement() -> None:
    dump = ("-- PostgreSQL database dump\nCOPY public.a (id, name, ssn) FROM stdin;\n"
            f"1\tAnn\t{SECRET}\n2\tBo\n--\n-- Name: b; Type: TABLE; Schema: public\n--\n"
            "COPY public.b (id, note) FROM stdin;\n5\tfine\n\\.\n")
    items = read(dump)
    got = tables(items)
    assert got["public.a"][1][0] == ("1", "Ann", SECRET) and got["public.b"][1] == [("5", "fine")]
    kinds = sorted(i.kind for i in issues(items))
    assert kinds == [ErrorKind.CORRUPT.value, ErrorKind.TRUNCATED.value]  # row 2 short; no \.
    _no_content(items)


def test_file_ending_inside_copy_data_or_a_statement() -> None:
    items = read(f"COPY t (a, b) FROM stdin;\n1\t{SECRET}\n2\tx")
    assert tables(items)["t"][1] == [("1", SECRET), ("2", "x")]
    assert [i.kind for i in issues(items)] == [ErrorKind.TRUNCATED.value]
    items = read(f"-- MySQL dump\nINSERT INTO `t` VALUES (1,'{SECRET}'),(2,'cut")
    assert tables(items)["t"][1] == [("1", SECRET)]
    assert [i.kind for i in issues(items)] == [ErrorKind.TRUNCATED.value]
    assert tables(read("INSERT INTO t VALUES (1, 'no semicolon at the end')"))["t"][1] == [
        ("1", "no semicolon at the end")]


def test_garbage_between_statements_is_text_not_a_crash() -> None:
    dump = "-- PostgreSQL database dump\nthis is not sql at all;\nINSERT INTO t VALUES ('ok');\n"
    items = read(dump)
    assert tables(items)["t"][1] == [("ok",)]
    assert [t.text for t in texts(items)] == ["this is not sql at all"]


def _parser(dialect: object = MYSQL) -> DumpParser:
    return DumpParser(Location("d.sql"), dialect, ReadContext(batch_rows=1000))  # type: ignore[arg-type]


def test_long_lines_in_pieces() -> None:
    p = _parser()
    p.line(1, "INSERT INTO `t` VALUES (1,'a;b'),(2,'O\\", False)
    p.line(1, "'Brien'),(3,'x", False)
    p.line(1, "');", True)
    p.finish()
    assert tables(p.take())["t"][1] == [("1", "a;b"), ("2", "O'Brien"), ("3", "x")]
    p = _parser(POSTGRES)
    p.line(1, "COPY t (a, b) FROM stdin;", True)
    p.line(2, "1\tlong ", False)
    p.line(2, "value", True)
    p.line(3, "\\.", True)
    p.finish()
    assert tables(p.take())["t"][1] == [("1", "long value")]


def test_huge_insert_is_read_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dump_module, "CUT_CHARS", 200)
    monkeypatch.setattr(dump_module, "MAX_PART_CHARS", 2000)
    rows = [f"({i},'name {i}; \\'q\\''),(" for i in range(0, 300, 2)]
    p = _parser()
    p.line(1, "INSERT INTO `t` VALUES", True)
    for i, row in enumerate(rows):  # the statement goes on over many lines, a string across each break
        p.line(2 + i, row, True)
        p.line(2 + i, f"{2 * i + 1},'more\n", True)
        p.line(2 + i, "')," if i < len(rows) - 1 else "');", True)
    p.line(1000, "INSERT INTO `t` VALUES (1000,'" + "x" * 1500, False)  # a tuple too long to hold
    for _ in range(3):
        p.line(1000, "x" * 1500, False)
    p.line(1000, "'),(1001,'in the statement read as text');", True)
    p.line(1001, "INSERT INTO `t` VALUES (1002,'after');", True)
    p.finish()
    items = p.take()
    got = tables(items)["t"][1]
    assert len(got) == 301 and got[:2] == [("0", "name 0; 'q'"), ("1", "more\n\n")] and got[299][0] == "299"
    assert got[-1] == ("1002", "after")
    assert [i.kind for i in issues(items)] == [ErrorKind.OVERSIZED.value]
    text = "".join(t.text for t in texts(items))
    assert "(1000,'" + "x" * 6000 + "'),(1001," in text


def test_copy_line_too_long_is_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dump_module, "MAX_PART_CHARS", 100)
    p = _parser(POSTGRES)
    p.line(1, "COPY t (a, b) FROM stdin;", True)
    p.line(2, "1\t" + "x" * 60, False)
    p.line(2, "x" * 60, False)
    p.line(2, "end", True)
    p.line(3, "2\tfine", True)
    p.line(4, "\\.", True)
    p.finish()
    items = p.take()
    assert tables(items)["t"][1] == [("2", "fine")]
    assert [(i.kind, i.loc and i.loc.line) for i in issues(items)] == [(ErrorKind.OVERSIZED.value, 1)]
    assert "".join(t.text for t in texts(items)) == "1\t" + "x" * 120 + "end"


def test_width_issues_are_capped_per_table() -> None:
    dump = MYSQL_HEAD + "".join(f"INSERT INTO `g` VALUES ({i},'a'),({i},'b');\n" for i in range(12))
    items = read(dump)
    assert len(tables(items)["g"][1]) == 24
    got = [(i.kind, i.message.split(" ")[0], i.loc and i.loc.line) for i in issues(items)]
    corrupt = ErrorKind.CORRUPT.value
    assert got == [(corrupt, "2", n) for n in range(3, 8)] + [(corrupt, "14", 14)]


def test_csv_copy_record_never_closed() -> None:
    items = read(f'COPY t (a, b) FROM stdin WITH CSV;\n1,"open\n2,{SECRET}\n')
    assert tables(items) == {}
    assert [i.kind for i in issues(items)] == [ErrorKind.TRUNCATED.value]
    assert [t.text for t in texts(items)] == [f'1,"open\n2,{SECRET}']
