"""The plain-text reader: encodings, line-aligned streaming units, locations."""

from __future__ import annotations

import random
from pathlib import Path

from docreader_helpers import blob_of, file_blob, read_items

from phiscope.errors import ErrorKind
from phiscope.model import ReadIssue, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.text import TextReader


def _units(items: list[object]) -> list[TextUnit]:
    return [i for i in items if isinstance(i, TextUnit)]


def test_golden_small_file() -> None:
    items = read_items(TextReader(), blob_of(b"line one\nSSN 123-45-6789\n", "a.txt"))
    assert len(items) == 1 and isinstance(items[0], TextUnit)
    assert items[0].text == "line one\nSSN 123-45-6789\n"
    assert (items[0].loc.path, items[0].loc.line, items[0].loc.offset) == ("case/a.txt", 1, 0)


def test_units_split_on_line_boundaries_with_line_and_offset(tmp_path: Path) -> None:
    lines = [f"record {i} patient {'x' * (i % 17)}\n" for i in range(2000)]
    path = tmp_path / "big.log"
    path.write_text("".join(lines), encoding="utf-8")
    units = _units(read_items(TextReader(), file_blob(path), ReadContext(text_unit_chars=1000)))
    assert len(units) > 40
    text = "".join(u.text for u in units)
    assert text == "".join(lines)
    for u in units:
        assert len(u.text) <= 1000
        assert u.text.endswith("\n")
        assert text[u.loc.offset :].startswith(u.text)
        assert u.loc.line == text.count("\n", 0, u.loc.offset) + 1


def test_line_longer_than_unit_is_cut() -> None:
    units = _units(read_items(TextReader(), blob_of(b"a" * 2500 + b"\nb\n", "x.txt"),
                              ReadContext(text_unit_chars=1000)))
    assert [len(u.text) for u in units] == [1000, 1000, 503]
    assert [u.loc.line for u in units] == [1, 1, 1]


def test_utf16_with_bom() -> None:
    data = b"\xff\xfe" + "Zoë Smith\nDOB 01/02/1980\n".encode("utf-16-le")
    (unit,) = _units(read_items(TextReader(), blob_of(data, "n.txt")))
    assert unit.text == "Zoë Smith\nDOB 01/02/1980\n"


def test_cp1252_smart_quotes() -> None:
    data = "“Dr. José” said ‘hi’ — café\n".encode("cp1252")
    (unit,) = _units(read_items(TextReader(), blob_of(data, "n.txt")))
    assert unit.text == "“Dr. José” said ‘hi’ — café\n"


def test_stray_cp1252_bytes_in_utf8_log_are_repaired_and_reported() -> None:
    data = ("ok ✓\n" * 10).encode() + "Renée\n".encode("cp1252")
    items = read_items(TextReader(), blob_of(data, "n.log"))
    assert "".join(u.text for u in _units(items)).endswith("Renée\n")
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.DECODE]
    assert "Ren" not in issues[0].message


def test_random_binary_does_not_crash() -> None:
    data = random.Random(1).randbytes(20000)
    items = read_items(TextReader(), blob_of(data, "r.bin"))
    assert sum(len(u.text) for u in _units(items)) > 0


def test_sniff_text_vs_binary() -> None:
    reader = TextReader()
    assert reader.sniff(b"hello\nworld\n", "a") == 0.2
    assert reader.sniff(random.Random(2).randbytes(4096), "a.txt") == 0.0


def test_empty_file_yields_nothing() -> None:
    assert read_items(TextReader(), blob_of(b"", "e.txt")) == []
