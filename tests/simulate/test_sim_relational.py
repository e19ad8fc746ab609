"""The relational EHR export (format group ``tables``): keyed tables that name nobody, yet whose every
value is in the truth under the person the keys lead to."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from phiscope.simulate import TruthRecord, generate, shards
from tests.eval.test_eval_cli import run_cli
from tests.simulate.sim_checks import CHECKS
from tests.simulate.sim_extract import decode, delimited_rows

N, SEED = 150, 4
FOLDER = "exports/ehr_tables"
TABLES = ("patients", "encounters", "conditions", "observations", "payers", "claims", "payer_transitions")
#: columns whose non-empty cells are PHI (each must have a truth record); the rest must have none
PHI_COLUMNS = {
    "patients": {"BIRTHDATE", "DEATHDATE", "DRIVERS", "PASSPORT", "FIRST", "LAST", "MAIDEN", "ADDRESS",
                 "CITY", "ZIP"},
    "encounters": {"START", "STOP", "REASONCODE"}, "conditions": {"START", "STOP", "CODE"},
    "observations": {"DATE"}, "payers": set(), "claims": {"MEMBERID", "SERVICEDATE", "DIAG1"},
    "payer_transitions": {"MEMBERID"},
}
KEYED = ("encounters", "conditions", "observations", "claims", "payer_transitions")
Rows = list[dict[str, str]]


@dataclass(frozen=True)
class Export:
    """The tables (name -> rows), their truth by (table, row, column), and persons.parquet by id."""

    rows: dict[str, Rows]
    truth: dict[tuple[str, int, str], TruthRecord]
    files: list[str]
    persons: dict[str, dict[str, Any]]

    def owner(self, table: str, row: int, column: str) -> str:
        """Person id of the value at a 1-based data row."""
        return self.truth[(table, row, column)].person


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    base = tmp_path_factory.mktemp("relational")
    truth = generate(base / "corpus", N, SEED, formats=["tables"])
    rows = {t: delimited_rows(decode(f"{t}.csv", (base / "corpus" / FOLDER / f"{t}.csv").read_bytes()))
            for t in TABLES}
    located: dict[tuple[str, int, str], TruthRecord] = {}
    for r in truth:
        table = r.file.removeprefix(f"{FOLDER}/").removesuffix(".csv")
        key = (table, r.where["row"], r.where["column"])
        assert key not in located, r
        located[key] = r
    table = pq.read_table(base / "corpus.truth" / "persons.parquet")
    persons = {p["person_id"]: p for p in table.to_pylist()}
    return Export(rows, located, truth.files, persons)


def test_files_headers_and_share(export: Export) -> None:
    assert sorted(export.files) == sorted(f"{FOLDER}/{t}.csv" for t in TABLES)
    assert list(export.rows["patients"][0])[:4] == ["Id", "BIRTHDATE", "DEATHDATE", "SSN"]
    assert list(export.rows["observations"][0]) == ["DATE", "ENCOUNTER", "CODE", "DESCRIPTION", "VALUE",
                                                    "UNITS"]
    assert "PATIENT" not in export.rows["observations"][0] and "PATIENT" not in export.rows["claims"][0]
    assert 0.1 * N < len(export.rows["patients"]) < 0.3 * N
    assert {p["NAME"] for p in export.rows["payers"]} >= {"Aetna", "Medicare"}
    ids = [row[c] for t in TABLES for row in export.rows[t] for c in ("Id", "CLAIMID", "PROVIDER")
           if c in row]
    assert ids and all(uuid.UUID(i).version == 4 for i in ids)


def test_every_truth_value_is_at_its_row_and_column_and_valid(export: Export) -> None:
    assert len(export.truth) > 500
    for (table, row, column), r in export.truth.items():
        assert export.rows[table][row - 1][column] == r.value, r
        assert CHECKS[r.element](r.value), r


def test_every_phi_cell_has_truth_and_no_other_cell_does(export: Export) -> None:
    for table, rows in export.rows.items():
        for n, row in enumerate(rows, 1):
            for column, cell in row.items():
                recorded = (table, n, column) in export.truth
                if column == "SSN":  # placeholders (000-00-0000) are no SSN
                    assert recorded == (cell != "" and cell not in _placeholders(export)), (table, n, column)
                else:
                    assert recorded == (column in PHI_COLUMNS[table] and cell != ""), (table, n, column)


def _placeholders(export: Export) -> set[str]:
    return {p["ssn_placeholder"] for p in export.persons.values() if p.get("ssn_placeholder")}


def test_keyed_tables_name_nobody(export: Export) -> None:
    identity = {"first", "last", "middle", "nickname", "maiden_name", "dob", "ssn", "itin", "mrn", "phone",
                "mobile", "email", "dl", "passport", "address_street"}
    values = {p[k] for p in export.persons.values() if p["kind"] == "patient" for k in identity if p.get(k)}
    assert len(values) > 5 * N
    for table in KEYED:
        for row in export.rows[table]:
            assert not values & set(row.values()), (table, row)
    elements = {r.element for (table, _, _), r in export.truth.items() if table in KEYED}
    assert elements == {"date", "icd10_diagnosis", "health_plan_member_id"}


def test_keys_lead_to_the_true_owner(export: Export) -> None:
    rows, owner = export.rows, export.owner
    patient_of = {row["Id"]: owner("patients", n, "BIRTHDATE") for n, row in enumerate(rows["patients"], 1)}
    assert len(patient_of) == len(set(patient_of.values())) == len(rows["patients"])
    visits: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows["encounters"], 1):
        assert owner("encounters", n, "START") == owner("encounters", n, "REASONCODE") \
            == patient_of[row["PATIENT"]]
        visits[row["Id"]] = row
    for n, row in enumerate(rows["conditions"], 1):
        assert owner("conditions", n, "CODE") == patient_of[row["PATIENT"]]
        assert visits[row["ENCOUNTER"]]["PATIENT"] == row["PATIENT"]  # an encounter of the same patient
    for n, row in enumerate(rows["observations"], 1):
        visit = visits[row["ENCOUNTER"]]  # two hops: encounter, then patient
        assert owner("observations", n, "DATE") == patient_of[visit["PATIENT"]]
        assert row["DATE"] == visit["START"]


def test_conditions_and_encounters_per_patient(export: Export) -> None:
    rows = export.rows
    codes: dict[str, list[str]] = defaultdict(list)
    for row in rows["conditions"]:
        codes[row["PATIENT"]].append(row["CODE"])
    counts: dict[str, int] = defaultdict(int)
    for row in rows["encounters"]:
        counts[row["PATIENT"]] += 1
    for n, row in enumerate(rows["patients"], 1):
        p = export.persons[export.owner("patients", n, "BIRTHDATE")]
        assert codes[row["Id"]] == p["dx"].split("|")
        assert 1 <= counts[row["Id"]] <= 3
        shown = (row["BIRTHDATE"], row["FIRST"], row["LAST"], row["GENDER"])
        assert shown == (p["dob"], p["first"], p["last"], p["sex"])
        assert row["DEATHDATE"] == (p["deceased"] or "")
        assert row["SSN"] == (p["ssn"] or p["itin"] or p["ssn_placeholder"] or "")


def test_claims_are_keyed_by_member_id_of_their_owner(export: Export) -> None:
    rows = export.rows
    payer_name = {p["Id"]: p["NAME"] for p in rows["payers"]}
    starts: dict[str, set[str]] = defaultdict(set)
    for n, row in enumerate(rows["encounters"], 1):
        starts[export.owner("encounters", n, "START")].add(row["START"][:10])
    assert len(rows["claims"]) == len(rows["encounters"])
    for n, row in enumerate(rows["claims"], 1):
        person = export.owner("claims", n, "MEMBERID")
        p = export.persons[person]
        assert row["MEMBERID"] == p["member_id"] and payer_name[row["PAYER"]] == p["payer"]
        assert export.owner("claims", n, "DIAG1") == export.owner("claims", n, "SERVICEDATE") == person
        assert row["SERVICEDATE"] in starts[person]
        assert row["DIAG1"] in {c.replace(".", "") for c in p["dx"].split("|")}


def test_payer_transitions_join_member_ids_to_patient_keys(export: Export) -> None:
    rows = export.rows
    patient_of = {row["Id"]: export.owner("patients", n, "BIRTHDATE")
                  for n, row in enumerate(rows["patients"], 1)}
    held = {row["PATIENT"]: row["MEMBERID"] for row in rows["payer_transitions"]}
    assert set(held) == set(patient_of)  # one row per patient of the export
    for n, row in enumerate(rows["payer_transitions"], 1):
        person = patient_of[row["PATIENT"]]
        assert export.owner("payer_transitions", n, "MEMBERID") == person
        assert int(row["START_YEAR"]) <= int(row["END_YEAR"])
    claimed = {row["MEMBERID"] for row in rows["claims"]}
    assert claimed <= set(held.values())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_shards_and_processes_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "SHARD_SIZE", 30)
    one = generate(tmp_path / "one", 70, 9, formats=["tables"], workers=1)
    two = generate(tmp_path / "two", 70, 9, formats=["tables"], workers=2)
    a, b = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert a == b and one.records == two.records
    assert sorted(f for f in a if "/patients" in f) == [f"{FOLDER}/patients_part0{i}.csv" for i in (1, 2, 3)]
    ids = [row["Id"] for f in a if "/patients" in f for row in delimited_rows(a[f].decode("utf-8"))]
    assert len(ids) == len(set(ids)) > 0


def test_cli_writes_only_the_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    code, _, err = run_cli(capsys, "simulate", "--out", str(out), "--patients", "30", "--seed", "2",
                           "--formats", "tables", "--format", "json")
    assert code == 0, err
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(f"{FOLDER}/{t}.csv" for t in TABLES)
