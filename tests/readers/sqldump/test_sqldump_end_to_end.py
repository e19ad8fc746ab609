"""End to end: api.scan of SQL dumps into a case, findings located by table, row and column; the
simulator's dumps read by this reader and every value found."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
from test_sqldump_reader import MYSQL_DUMP, PG_DUMP

from phiscope import api
from phiscope.eval.case import load_predictions
from phiscope.eval.match import match
from phiscope.eval.normalize import Normalizer
from phiscope.eval.truth import load_truth
from phiscope.readers.registry import load_readers
from phiscope.simulate import generate

ENV = {"PHISCOPE_KEY": "x" * 32}
SIM_FILES = ("exports/db/ehr_pgdump.sql", "exports/db/billing_mysqldump.sql")


def test_scan_finds_cells_by_column(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ehr.sql").write_text(PG_DUMP, encoding="utf-8")
    (src / "billing.dump").write_text(MYSQL_DUMP, encoding="utf-8", newline="")
    api.scan([str(src)], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    assert not list(api.errors(tmp_path / "case", env=ENV))
    found = list(api.findings(tmp_path / "case", reveal=True, env=ENV))
    cells = {(f["sheet"], f["row"], f["column"], f["element"], f["value"]) for f in found}
    assert {("public.patients", 1, "ssn", "ssn", "536-22-8741"),
            ("public.patients", 1, "dob", "dob", "1980-03-21"),
            ("public.patients", 1, "Last Name", "person_name", "O'Brien"),
            ("guarantors", 1, "ssn", "ssn", "536-22-8741"),
            ("guarantors", 2, "last name", "person_name", "D'Arcy")} <= cells
    assert any(f["column"] == "notes" and f["element"] == "phone" for f in found)  # the 0x BLOB's text
    keys: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for f in found:
        if f["row"] is not None:
            keys[f["row_key"]].add((f["sheet"], f["row"]))
    assert keys and all(len(v) == 1 for v in keys.values())  # one row_key per table row
    first = [f for f in found if f["sheet"] == "public.patients" and f["row"] == 1]
    assert len({f["row_key"] for f in first}) == 1 and len(first) >= 3
    assert any(f["line"] == 36 and f["element"] == "phone" for f in found)  # the comment


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("sqlsim")
    generate(base / "corpus", 60, 3, formats=["sql"])
    return base


def test_simulated_dumps_are_read_and_every_value_found(sim: Path, tmp_path: Path) -> None:
    readers = load_readers()
    for name in SIM_FILES:
        path = sim / "corpus" / name
        chosen = readers.choose(path.read_bytes()[:8192], path.name)
        assert chosen is not None and chosen.id == "sqldump", name
    pg = (sim / "corpus" / SIM_FILES[0]).read_text(encoding="utf-8")
    assert "COPY public.patients (" in pg and "\n\\.\n" in pg and "INSERT INTO public.encounters (" in pg
    my = (sim / "corpus" / SIM_FILES[1]).read_text(encoding="utf-8")
    assert "INSERT INTO `guarantors` VALUES (" in my and "\\'" in my and "),(" in my
    api.scan([str(sim / "corpus")], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    assert not list(api.errors(tmp_path / "case", env=ENV))
    truth = load_truth(sim / "corpus.truth")
    found = list(api.findings(tmp_path / "case", reveal=True, env=ENV))
    preds = load_predictions(found, api.document_paths(tmp_path / "case", env=ENV), truth.top_level_files())
    m = match(truth, preds.items, Normalizer())
    total, hit = Counter[str](), Counter[str]()
    for o in truth.occurrences:
        total[o.file] += 1
        hit[o.file] += o.id in m.found
        assert o.sheet in ("public.patients", "public.encounters", "guarantors", "payment_methods")
    assert set(total) == set(SIM_FILES)
    for name in SIM_FILES:
        assert hit[name] / total[name] >= 0.99, (name, hit[name], total[name])
    assert len(m.right_by_value) / len(preds.items) >= 0.99
    pairs = [o for o in truth.occurrences if o.id in m.found]
    expected = {"ssn", "dob", "person_name", "mrn", "icd10_diagnosis", "npi", "date", "payment_card",
                "aba_routing", "bank_account", "email", "phone"}
    assert {o.element for o in pairs} >= expected
