"""Database dumps: a pg_dump of the EHR database and a mysqldump of the billing database, streamed.

``exports/db/ehr_pgdump.sql`` is a plain-format pg_dump (header comments, SET
lines, CREATE TABLE, a ``$$`` function body): ``public.patients`` (every
patient: MRN, name, birth date, SSN, address, phone, e-mail) as a COPY block
(tab-separated, ``\\N`` for NULL, backslash escapes) and ``public.encounters``
(one or two visits per patient: MRN, admit and discharge dates, ICD-10 codes,
attending NPI, a chief complaint with apostrophes and line breaks) as
``INSERT INTO public.encounters (...) VALUES (...);`` statements, the way
``pg_dump --column-inserts`` writes them.

``exports/db/billing_mysqldump.sql`` is a mysqldump: ``guarantors`` (the adult
patients: name, birth date, SSN, address, phone, e-mail, employer, MRN) and
``payment_methods`` (card, routing and account numbers) as extended INSERTs of
up to ``ROWS_PER_INSERT`` rows each, MySQL-escaped (``\\'``, ``\\n``).

Each file's second table is spooled to a temporary file and appended on close,
so both stream. Truth values are located by table (``sheet``, as the SQL dump
reader names it), 1-based data row and column name.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from typing import IO, Any

from phiscope.simulate.dates import PERIOD_START, service_date
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.values import format_card
from phiscope.simulate.writers import common

ROWS_PER_INSERT = 200
Cell = str | Val | int | None
PATIENTS = ("mrn", "first_name", "last_name", "dob", "ssn", "address", "city", "state", "zip", "phone",
            "email")
ENCOUNTERS = ("encounter_id", "mrn", "admit_date", "discharge_date", "icd10_primary", "icd10_secondary",
              "attending_npi", "chief_complaint")
GUARANTORS = ("guarantor_id", "account_no", "last_name", "first_name", "dob", "ssn", "street", "city",
              "state", "zip", "home_phone", "email", "employer", "patient_mrn")
PAYMENTS = ("payment_id", "guarantor_id", "card_brand", "card_number", "card_exp", "routing_number",
            "bank_account_no")
COMPLAINTS = ("Follow-up, pt's BP check", "Can't sleep; anxiety", "Knee pain (L) - \"twisted\" it",
              "Cough x3 days\nno fever", "Annual physical", "Med refill \\ pharmacy called", "Rash on arm")
EMPLOYERS = ("Macy's", "Lowe's Home Improvement", "St. Mary's Hospital", "Dunkin' Donuts", "Self-employed",
             "Travelers Insurance", None, None)
_MY_ESCAPES = str.maketrans({"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\0": "\\0", "\x1a": "\\Z"})
_ENC_COLUMNS = ", ".join(ENCOUNTERS)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

PG_HEAD = """--
-- PostgreSQL database dump
--

-- Dumped from database version 15.6
-- Dumped by pg_dump version 15.6

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

CREATE FUNCTION public.touch_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated := now(); -- don't touch created
RETURN NEW; END; $$;

CREATE TABLE public.patients (
    mrn character varying(16) NOT NULL,
    first_name text, last_name text, dob date, ssn character varying(11), address text,
    city text, state character(2), zip character varying(10), phone text, email text,
    CONSTRAINT patients_pkey PRIMARY KEY (mrn)
);

CREATE TABLE public.encounters (
    encounter_id integer NOT NULL, mrn character varying(16), admit_date date, discharge_date date,
    icd10_primary character varying(8), icd10_secondary character varying(8),
    attending_npi character(10), chief_complaint text
);

--
-- Data for Name: patients; Type: TABLE DATA; Schema: public; Owner: ehr_admin
--

COPY public.patients ({}) FROM stdin;
""".format(", ".join(PATIENTS))
MY_HEAD = """-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: billing-db01    Database: billing
-- ------------------------------------------------------
-- Server version\t8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
"""
_MY_TABLE = """
--
-- Table structure for table `{name}`
--

DROP TABLE IF EXISTS `{name}`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE `{name}` (
{columns},
  PRIMARY KEY (`{first}`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `{name}`
--

LOCK TABLES `{name}` WRITE;
/*!40000 ALTER TABLE `{name}` DISABLE KEYS */;
"""
_MY_TABLE_END = "/*!40000 ALTER TABLE `{name}` ENABLE KEYS */;\nUNLOCK TABLES;\n"


def _my_table(name: str, columns: Sequence[str]) -> str:
    cols = ",\n".join(f"  `{c}` {'int NOT NULL' if c.endswith('_id') else 'varchar(255) DEFAULT NULL'}"
                      for c in columns)
    return _MY_TABLE.format(name=name, columns=cols, first=columns[0])


class _Table:
    """Numbers one table's rows and records each value's truth (table, row, column)."""

    def __init__(self, sink: PartSink, path: str, name: str, columns: Sequence[str]) -> None:
        self.sink, self.path, self.name, self.columns = sink, path, name, columns
        self.rows = 0

    def row(self, cells: Sequence[Cell]) -> list[str | int | None]:
        """The row's values (truth recorded)."""
        self.rows += 1
        out: list[str | int | None] = []
        for column, cell in zip(self.columns, cells, strict=True):
            if isinstance(cell, Val):
                where: dict[str, Any] = {"sheet": self.name, "row": self.rows, "column": column}
                self.sink.add(self.path, cell, where)
                out.append(cell.value)
            else:
                out.append(cell)
        return out


def _copy_line(values: Sequence[str | int | None]) -> str:
    return "\t".join("\\N" if v is None else str(v).translate(_COPY_ESCAPES) for v in values) + "\n"


def _literal(value: str | int | None, mysql: bool) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + (value.translate(_MY_ESCAPES) if mysql else value.replace("'", "''")) + "'"


def _patient(p: Patient) -> list[Cell]:
    a = p.address
    return [common.mrn(p), common.part(p, "first"), common.part(p, "last"),
            Val("dob", p.dob.isoformat(), p.id), common.tax_id(p), common.street(p),
            Val("city_state_zip", a.city, p.id), a.state or None, Val("city_state_zip", a.zip, p.id),
            common.phone(p.id, p.phone, "dash"), Val("email", p.email, p.id)]


def _encounter(p: Patient, pop: Population, rng: random.Random, number: int, k: int) -> list[Cell]:
    admit = service_date(rng)
    discharge = admit + timedelta(days=rng.randint(0, 4))
    dr = pop.provider(p.pcp)
    second = p.dx[k + 1] if len(p.dx) > k + 1 else None
    return [number, common.mrn(p), Val("date", admit.isoformat(), p.id),
            Val("date", discharge.isoformat(), p.id),
            Val("icd10_diagnosis", p.dx[k % len(p.dx)], p.id),
            Val("icd10_diagnosis", second, p.id) if second else None, Val("npi", dr.npi, dr.id),
            rng.choice(COMPLAINTS)]


def _guarantor(p: Patient, rng: random.Random, number: int) -> list[Cell]:
    a = p.address
    return [number, f"G{rng.randint(1000000, 9999999)}", common.part(p, "last"), common.part(p, "first"),
            Val("dob", p.dob.isoformat(), p.id), common.tax_id(p, dashed=rng.random() < 0.7),
            common.street(p),
            Val("city_state_zip", a.city, p.id), a.state or None, Val("city_state_zip", a.zip, p.id),
            common.phone(p.id, p.phone, "paren"), Val("email", p.email, p.id), rng.choice(EMPLOYERS),
            common.mrn(p)]


def _payment(p: Patient, rng: random.Random, number: int, guarantor: int) -> list[Cell]:
    card = Val("payment_card", format_card(p.card, rng.choice(("", "-"))), p.id) if p.card else None
    return [number, guarantor, (p.card_brand or "").upper() or None, card,
            f"{rng.randint(1, 12):02d}/{rng.randint(25, 30)}" if p.card else None,
            Val("aba_routing", p.routing, p.id) if p.routing else None,
            Val("bank_account", p.account, p.id) if p.account else None]


class SqlDumps:
    """``exports/db/ehr_pgdump.sql`` and ``exports/db/billing_mysqldump.sql`` of one shard."""

    def __init__(self, sink: PartSink, seed: int, suffix: str) -> None:
        pg_path, my_path = f"exports/db/ehr_pgdump{suffix}.sql", f"exports/db/billing_mysqldump{suffix}.sql"
        self._rng = random.Random(f"{seed}:{pg_path}")
        self._pg = sink.create(pg_path).open("w", encoding="utf-8", newline="\n")
        self._my = sink.create(my_path).open("w", encoding="utf-8", newline="\n")
        # spooled tables, appended to their dump on close
        self._spools: list[IO[str]] = [
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115
            for _ in range(2)
        ]
        self._patients = _Table(sink, pg_path, "public.patients", PATIENTS)
        self._encounters = _Table(sink, pg_path, "public.encounters", ENCOUNTERS)
        self._guarantors = _Table(sink, my_path, "guarantors", GUARANTORS)
        self._payments = _Table(sink, my_path, "payment_methods", PAYMENTS)
        self._pg.write(PG_HEAD)
        self._my.write(MY_HEAD + _my_table("guarantors", GUARANTORS))
        self._spools[1].write(_my_table("payment_methods", PAYMENTS))

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append the rows of a chunk of patients."""
        rng = self._rng
        guarantors: list[list[str | int | None]] = []
        payments: list[list[str | int | None]] = []
        for p in patients:
            self._pg.write(_copy_line(self._patients.row(_patient(p))))
            for k in range(rng.randint(1, 2)):
                row = self._encounters.row(_encounter(p, pop, rng, self._encounters.rows + 1, k))
                values = ", ".join(_literal(v, False) for v in row)
                self._spools[0].write(f"INSERT INTO public.encounters ({_ENC_COLUMNS}) VALUES ({values});\n")
            if p.age_on(PERIOD_START) < 18:
                continue
            guarantors.append(self._guarantors.row(_guarantor(p, rng, self._guarantors.rows + 1)))
            if p.card or p.routing:
                payments.append(self._payments.row(_payment(p, rng, self._payments.rows + 1,
                                                            self._guarantors.rows)))
        _extended_inserts(self._my, "guarantors", guarantors)
        _extended_inserts(self._spools[1], "payment_methods", payments)

    def close(self) -> None:
        """Finish both dumps (the spooled tables appended) and close them."""
        self._pg.write("\\.\n\n\n--\n-- Data for Name: encounters; Type: TABLE DATA; Schema: public; "
                       "Owner: ehr_admin\n--\n\n")
        _append(self._pg, self._spools[0])
        self._pg.write("\n--\n-- PostgreSQL database dump complete\n--\n\n")
        self._my.write(_MY_TABLE_END.format(name="guarantors"))
        _append(self._my, self._spools[1])
        self._my.write(_MY_TABLE_END.format(name="payment_methods") + "\n"
                       "/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n\n"
                       "-- Dump completed on 2024-03-30  2:14:07\n")
        for f in (self._pg, self._my, *self._spools):
            f.close()


def _extended_inserts(out: IO[str], table: str, rows: list[list[str | int | None]]) -> None:
    for i in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[i : i + ROWS_PER_INSERT]
        tuples = ",".join("(" + ",".join(_literal(v, True) for v in row) + ")" for row in chunk)
        out.write(f"INSERT INTO `{table}` VALUES {tuples};\n")


def _append(out: IO[str], spool: IO[str]) -> None:
    spool.seek(0)
    shutil.copyfileobj(spool, out)
