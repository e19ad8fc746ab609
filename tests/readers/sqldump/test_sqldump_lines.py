"""The line of the dump each SQL table row starts on: on the reader's batches and on every finding
of the row's cells (COPY data lines, one-row INSERTs, extended INSERTs spread over lines)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sql_helpers import read

from phiscope import api
from phiscope.model import TableBatch, TextUnit
from phiscope.readers.sqldump import dump

ENV = {"PHISCOPE_KEY": "x" * 32}

PG_DUMP = """--
-- PostgreSQL database dump
--

SET standard_conforming_strings = on;

CREATE TABLE public.patients (mrn text, last_name text, ssn text, dob date, note text);

COPY public.patients (mrn, last_name, ssn, dob, note) FROM stdin;
MRN001\tOBrien\t536-22-8741\t1980-03-21\tcall 617-555-0143
MRN002\tSmith\t\\N\t1975-11-02\t\\N
\\.

INSERT INTO public.patients (mrn, last_name, ssn, dob, note) VALUES ('MRN003', 'Jones', '412-67-3320', \
'1990-01-01', NULL);
INSERT INTO public.patients (mrn, last_name, ssn, dob, note)
    VALUES ('MRN004', 'Brown', '287-45-1196', '1962-07-04', 'first line
call 617-555-0199');
/* a block comment before a statement */
INSERT INTO public.patients (mrn, last_name, ssn, dob, note) VALUES ('MRN005', 'Green', '345-21-7788', \
'1958-02-14', NULL);

COPY public.contacts (name, phone) FROM stdin WITH (FORMAT csv);
"Ann Lee","617-555-0110"
"Bob
Cole","617-555-0111"
"Cy Hart","617-555-0112"
\\.

COPY public.identifiers (kind, value) FROM stdin;
SSN\t536-22-8741
Phone\t617-555-0123
Email\tann.lee@example.org
\\.
"""
#: (sheet, row) -> line of the file (count them: ``cat -n``)
PG_LINES = {
    ("public.patients", 1): 10, ("public.patients", 2): 11, ("public.patients", 3): 14,
    ("public.patients", 4): 16, ("public.patients", 5): 19,
    ("public.contacts", 1): 22, ("public.contacts", 2): 23, ("public.contacts", 3): 25,
    ("public.identifiers", 1): 29, ("public.identifiers", 2): 30, ("public.identifiers", 3): 31,
}

MYSQL_DUMP = """-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: db01    Database: billing
-- ------------------------------------------------------

CREATE TABLE `guarantors` (
  `guarantor_id` int NOT NULL,
  `last_name` varchar(255) DEFAULT NULL,
  `ssn` varchar(255) DEFAULT NULL,
  `dob` varchar(255) DEFAULT NULL,
  `notes` varchar(255) DEFAULT NULL
);

LOCK TABLES `guarantors` WRITE;
INSERT INTO `guarantors` VALUES (1,'Doe','536-22-8741','1980-03-21',NULL),(2,'D\\'Arcy','412-67-3320',\
'1971-05-09',NULL);
INSERT INTO `guarantors` VALUES
(3,'Lee','287-45-1196','1966-12-30','call 617-555-0143'),
(4,'Kim','345-21-7788','1958-02-14','two
lines'),(5,'Park','523-44-9012','1949-08-30',NULL),
  (6,'Cho','611-32-5567','1983-10-11','back at 617-555-0199');
UNLOCK TABLES;
"""
MYSQL_LINES = {("guarantors", 1): 15, ("guarantors", 2): 15, ("guarantors", 3): 17, ("guarantors", 4): 18,
               ("guarantors", 5): 19, ("guarantors", 6): 20}


def _row_lines(items: list[object]) -> dict[tuple[str | None, int], int]:
    out: dict[tuple[str | None, int], int] = {}
    for item in items:
        if isinstance(item, TableBatch):
            assert item.lines is not None and len(item.lines) == item.frame.height
            for i, line in enumerate(item.lines):
                out[(item.loc.sheet, item.first_row + i)] = line
    return out


@pytest.mark.parametrize("cut", [None, 40], ids=["whole", "cut"])
@pytest.mark.parametrize("batch_rows", [50_000, 2])
@pytest.mark.parametrize(("text", "expected"), [(PG_DUMP, PG_LINES), (MYSQL_DUMP, MYSQL_LINES)],
                         ids=["pg_dump", "mysqldump"])
def test_each_row_has_the_line_it_starts_on(text: str, expected: dict[tuple[str, int], int],
                                            batch_rows: int, cut: int | None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    if cut is not None:  # long INSERTs read in parts: the lines go on across the parts
        monkeypatch.setattr(dump, "CUT_CHARS", cut)
    assert _row_lines(read(text, batch_rows=batch_rows)) == expected
    crlf = text.replace("\n", "\r\n")
    assert _row_lines(read(crlf, batch_rows=batch_rows)) == expected


def test_findings_of_a_row_carry_its_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ehr.sql").write_text(PG_DUMP, encoding="utf-8", newline="")
    (src / "billing.sql").write_text(MYSQL_DUMP, encoding="utf-8", newline="")
    api.scan([str(src)], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    assert not list(api.errors(tmp_path / "case", env=ENV))
    found = [f for f in api.findings(tmp_path / "case", env=ENV) if f["row"] is not None]
    expected = {**PG_LINES, **MYSQL_LINES}
    assert {(f["sheet"], f["row"], f["element"]) for f in found} >= {
        ("public.patients", 1, "ssn"), ("public.patients", 1, "phone"), ("public.patients", 4, "phone"),
        ("guarantors", 2, "ssn"), ("guarantors", 3, "phone"), ("guarantors", 6, "phone"),
        ("public.contacts", 2, "phone"), ("public.identifiers", 1, "ssn"), ("public.identifiers", 2, "phone"),
        ("public.identifiers", 3, "email"),
    }
    for f in found:
        assert f["line"] == expected[(f["sheet"], f["row"])], (f["sheet"], f["row"], f["element"], f["line"])


def test_large_batches_vectorised_cells_carry_lines(tmp_path: Path) -> None:
    """More rows than the scanner checks cell by cell: the vectorised path gives the same lines."""
    rows = [f"MRN{i:04d}\t{500 + i:03d}-{10 + i % 80:02d}-{1000 + i:04d}\t617-555-{1000 + i:04d}"
            for i in range(150)]
    head = ["CREATE TABLE public.people (mrn text, ssn text, phone text);", "",
            "COPY public.people (mrn, ssn, phone) FROM stdin;"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.sql").write_text("\n".join([*head, *rows, "\\.", ""]), encoding="utf-8")
    api.scan([str(tmp_path / "in")], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    found = [f for f in api.findings(tmp_path / "case", env=ENV) if f["sheet"] == "public.people"]
    assert {f["element"] for f in found} >= {"ssn", "phone"}
    assert len({f["row"] for f in found if f["element"] == "ssn"}) > 100
    assert all(f["line"] == len(head) + f["row"] for f in found)


def test_finding_ids_with_lines_are_the_same_on_every_scan(tmp_path: Path) -> None:
    """The line is part of a finding's identity: scanning the same dump again (another case, or the
    same case again) gives the same findings, ids included."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "billing.sql").write_text(MYSQL_DUMP, encoding="utf-8")
    runs = []
    for case in ("one", "two", "two"):
        api.scan([str(tmp_path / "in")], tmp_path / case, options=api.ScanOptions(workers=1), env=ENV)
        runs.append(sorted((f["finding_id"], f["line"]) for f in api.findings(tmp_path / case, env=ENV)))
    assert runs[0] and all(line is not None for _, line in runs[0])
    assert runs[0] == runs[1] == runs[2]


@pytest.mark.parametrize("cut", [None, 40], ids=["whole", "cut"])
def test_rest_of_a_broken_insert_is_text_at_its_own_line(cut: int | None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if cut is not None:
        monkeypatch.setattr(dump, "CUT_CHARS", cut)
    text = ("CREATE TABLE t (id int, note text);\nINSERT INTO t VALUES\n(1,'a'),\n(2,,'b'),\n"
            "(3,'call 617-555-0143');\n")
    items = read(text)
    assert _row_lines(items) == {("t", 1): 3}
    units = [i for i in items if isinstance(i, TextUnit) and "617-555-0143" in i.text]
    assert len(units) == 1 and units[0].loc.line is not None
    unit = units[0]
    assert unit.loc.line + unit.text[: unit.text.index("617-555")].count("\n") == 5
