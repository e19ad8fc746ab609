"""SQL dumps: pg_dump COPY and INSERT, mysqldump extended INSERT, as tables with their column names."""

from __future__ import annotations

import pytest
from sql_helpers import issues, read, tables, texts

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import TableBatch
from phiscope.readers.registry import load_readers
from phiscope.readers.sqldump import SqlDumpReader

PG_DUMP = r"""--
-- PostgreSQL database dump
--

-- Dumped from database version 15.6
\restrict AbCdEf123

SET statement_timeout = 0;
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN -- don't; it's fine
RETURN NEW; END; $$;

CREATE TABLE public.patients (
    mrn character varying(12) NOT NULL,
    first_name text,
    "Last Name" text,
    dob date,
    ssn character(11) DEFAULT '000-00-0000'::bpchar,
    CONSTRAINT patients_pkey PRIMARY KEY (mrn)
);

--
-- Data for Name: patients; Type: TABLE DATA; Schema: public; Owner: ehr
--

COPY public.patients (mrn, first_name, "Last Name", dob, ssn) FROM stdin;
MRN001	Mary	O'Brien	1980-03-21	536-22-8741
MRN002	Jo\tAnn	Smith\\Jones	\N	123-45-6789
MRN003	Line\nBreak	\101\x42C		401-33-9012
\.

-- Called 860-555-0199 about the export
INSERT INTO public.patients VALUES ('MRN004', 'Ann', 'C:\', '1970-01-01', NULL);
INSERT INTO public.patients (mrn, first_name) VALUES ('MRN005', E'Tab\there'), ('MRN006', 'It''s');
INSERT INTO public.patients VALUES ('MRN007', 'multi
line; still a string', 'x', '1970-01-02', '222-33-4444');
INSERT INTO public.patients OVERRIDING SYSTEM VALUE VALUES ('MRN008', 'Cast', 'Me', '1971-01-01'::date, NULL);
"""

MYSQL_DUMP = (
    "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\r\n"
    "--\r\n-- Host: localhost    Database: billing\r\n"
    "/*!40101 SET NAMES utf8mb4 */;\r\n"
    "DROP TABLE IF EXISTS `guarantors`;\r\n"
    "CREATE TABLE `guarantors` (\r\n"
    "  `id` int NOT NULL AUTO_INCREMENT,\r\n"
    "  `last name` varchar(64) DEFAULT NULL COMMENT 'family, name (legal)',\r\n"
    "  `first_name` varchar(64) DEFAULT NULL,\r\n"
    "  `ssn` char(11) DEFAULT NULL,\r\n"
    "  `notes` blob,\r\n"
    "  PRIMARY KEY (`id`),\r\n"
    "  KEY `idx_name` (`last name`,`first_name`)\r\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\r\n"
    "LOCK TABLES `guarantors` WRITE;\r\n"
    "/*!40000 ALTER TABLE `guarantors` DISABLE KEYS */;\r\n"
    r"INSERT INTO `guarantors` VALUES (1,'O\'Brien','Mary','536-22-8741',"
    r"0x43616C6C206174203836302D3535352D30313432),(2,'D''Arcy','Jo\\Ann',NULL,_binary 'a\nb'),"
    r"(3,'Smith','Al\"x','123-45-6789',X'00FF'),(4,'Peña','Zoë','',0x00FF);" "\r\n"
    "/*!40000 ALTER TABLE `guarantors` ENABLE KEYS */;\r\n"
    "UNLOCK TABLES;\r\n"
    "-- Dump completed on 2024-03-30 12:00:01\r\n"
)


def test_sniff_content_first() -> None:
    r = SqlDumpReader()
    assert r.sniff(PG_DUMP.encode(), "x") == 0.95
    assert r.sniff(MYSQL_DUMP.encode(), "export.txt") == 0.95
    assert r.sniff(b"CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n", "x") == 0.9
    assert r.sniff(b"-- sqlite\nPRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n", "x") == 0.6
    assert r.sniff(b"-- only a comment\n", "schema.sql") == 0.5
    assert r.sniff(b"PGDMP\x01\x0e\x00", "db.dump") == 0.9
    assert r.sniff(b"id,name,ssn\n1,Jane,536-22-8741\n2,Joe,123-45-6789\n", "x.sql") == 0.0
    assert r.sniff(b'{"insert": "INSERT INTO t VALUES (1);"}', "x.json") == 0.0
    assert r.sniff(b"Please insert into the chart:\nINSERT INTO t VALUES (1);\n", "notes.txt") == 0.0
    assert r.sniff(b"core dumped at 0x7f\n", "crash.dump") == 0.0
    assert r.sniff(b"\x00\x01\x02binary", "x.sql") == 0.0


@pytest.mark.parametrize(
    ("data", "name", "reader"),
    [(PG_DUMP.encode(), "db.sql", "sqldump"), (MYSQL_DUMP.encode(), "billing", "sqldump"),
     (b"id,name,ssn\n1,Jane,536-22-8741\n2,Joe,123-45-6789\n3,Al,111-22-3333\n", "x.csv", "csv"),
     (b"Notes from the call.\nINSERT INTO was mentioned.\n", "x.txt", "text")],
)
def test_registry_choice(data: bytes, name: str, reader: str) -> None:
    chosen = load_readers().choose(data[:8192], name)
    assert chosen is not None and chosen.id == reader


def test_pg_dump_copy_and_inserts() -> None:
    items = read(PG_DUMP)
    got = tables(items)
    header = ["mrn", "first_name", "Last Name", "dob", "ssn"]
    assert got["public.patients"] == (header, [
        ("MRN001", "Mary", "O'Brien", "1980-03-21", "536-22-8741"),
        ("MRN002", "Jo\tAnn", "Smith\\Jones", None, "123-45-6789"),
        ("MRN003", "Line\nBreak", "ABC", None, "401-33-9012"),
        ("MRN004", "Ann", "C:\\", "1970-01-01", None),
        ("MRN007", "multi\nline; still a string", "x", "1970-01-02", "222-33-4444"),
        ("MRN008", "Cast", "Me", "1971-01-01", None),
    ])
    assert got["public.patients#2"] == (["mrn", "first_name"], [("MRN005", "Tab\there"), ("MRN006", "It's")])
    assert not issues(items)
    batch = next(i for i in items if isinstance(i, TableBatch))
    assert (batch.loc.sheet, batch.loc.path) == ("public.patients", "case/dump.sql") and batch.header_detected
    notes = texts(items)
    assert [(t.text, t.loc.line) for t in notes] == [("Called 860-555-0199 about the export", 36)]


def test_mysqldump_extended_insert_crlf() -> None:
    items = read(MYSQL_DUMP)
    header, rows = tables(items)["guarantors"]
    assert header == ["id", "last name", "first_name", "ssn", "notes"]
    assert rows == [
        ("1", "O'Brien", "Mary", "536-22-8741", "Call at 860-555-0142"),
        ("2", "D'Arcy", "Jo\\Ann", None, "a\nb"),
        ("3", "Smith", 'Al"x', "123-45-6789", "00FF"),
        ("4", "Peña", "Zoë", None, "0x00FF"),
    ]
    assert not issues(items) and not texts(items)  # boilerplate comments are not scanned


def test_no_create_table_gives_numbered_columns_and_unnamed_header() -> None:
    items = read("INSERT INTO t VALUES (1, 'a'), (2, 'b');\nINSERT INTO \"s\".\"T x\" VALUES (3);\n")
    got = tables(items)
    assert got["t"] == (["column_1", "column_2"], [("1", "a"), ("2", "b")])
    assert got["s.T x"] == (["column_1"], [("3",)])
    assert not next(i for i in items if isinstance(i, TableBatch)).header_detected


def test_batches_keep_one_table_id_and_number_rows() -> None:
    copy = "".join(f"{i}\tname{i}\n" for i in range(1, 8))
    dump = f"COPY public.t (id, name) FROM stdin;\n{copy}\\.\nINSERT INTO public.t VALUES (8, 'x'), (9, 'y');"
    items = read(dump, batch_rows=3)
    batches = [i for i in items if isinstance(i, TableBatch)]
    assert [(b.table_id, b.first_row, b.frame.height) for b in batches] == [
        ("public.t", 1, 3), ("public.t", 4, 3), ("public.t", 7, 3)]
    assert tables(items)["public.t"][1][-1] == ("9", "y")


def test_several_statements_on_a_line_and_comments_inside() -> None:
    dump = ("CREATE TABLE a (x int, y text); INSERT INTO a VALUES (1, 'p;q'); /* c; 'd */ "
            "INSERT INTO a (y) VALUES ('r') ; -- tail 'quote\n"
            "INSERT INTO a\n  VALUES (2, -- two\n 'z');\nUPDATE a SET y = 'Jane Doe' WHERE x = 1;\n")
    items = read(dump)
    got = tables(items)
    assert got["a"][1] == [("1", "p;q"), ("2", "z")] and got["a#2"] == (["y"], [("r",)])
    assert [t.text for t in texts(items)] == ["tail 'quote", "UPDATE a SET y = 'Jane Doe' WHERE x = 1"]
    assert not issues(items)


def test_dialect_switch_and_ansi_strings() -> None:
    pg_off = ("-- PostgreSQL database dump\nSET standard_conforming_strings = off;\n"
              "INSERT INTO t VALUES ('a\\'b');\nSET standard_conforming_strings = on;\n"
              "INSERT INTO t VALUES ('c\\');\n")
    assert tables(read(pg_off))["t"][1] == [("a'b",), ("c\\",)]
    sqlite = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nINSERT INTO \"t\" VALUES(1,'x\\');\nCOMMIT;\n"
    assert tables(read(sqlite))["t"][1] == [("1", "x\\")]


def test_copy_csv_format_and_custom_null() -> None:
    dump = ('COPY t (a, b) FROM stdin WITH (FORMAT csv, HEADER true);\na,b\n1,"x, ""y"""\n2,"multi\nline"\n'
            "\\.\nCOPY u (a, b) FROM stdin WITH DELIMITER '|' NULL 'NIL';\n1|NIL\n2|p\\|q\n\\.\n")
    got = tables(read(dump))
    assert got["t"][1] == [("1", 'x, "y"'), ("2", "multi\nline")]
    assert got["u"][1] == [("1", None), ("2", "p|q")]


def test_pg_custom_format_is_unsupported() -> None:
    with pytest.raises(DocumentError) as e:
        read(b"PGDMP\x01\x0e\x00\x04\x08\x01\x01", "db.dump")
    assert e.value.kind is ErrorKind.UNSUPPORTED


def test_utf16_and_cp1252_dumps() -> None:
    dump = "-- MySQL dump\nINSERT INTO `t` VALUES ('Peña','Côté');\n"
    assert tables(read(dump.encode("utf-16")))["t"][1] == [("Peña", "Côté")]
    assert tables(read(dump.encode("cp1252")))["t"][1] == [("Peña", "Côté")]
