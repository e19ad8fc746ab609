"""The simulator's truth folder: written beside the corpus, read back identical, deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from phiscope.errors import UsageError
from phiscope.eval import load_truth
from phiscope.simulate.corpus import default_truth_dir, generate
from phiscope.simulate.truth import SEP


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    base = tmp_path_factory.mktemp("truth")
    truth = generate(base / "corpus", 6, 5, formats=["csv", "json", "archives"])
    return base, truth


def test_round_trip(small: tuple[Path, object]) -> None:
    base, truth = small
    folder = base / "corpus.truth"
    assert folder == default_truth_dir(base / "corpus") and not folder.is_relative_to(base / "corpus")
    loaded = load_truth(folder)
    assert loaded.kind == "simulator" and loaded.match_by == "value"
    records = truth.records  # type: ignore[attr-defined]
    assert [(o.file, o.element, o.value, o.person_id) for o in loaded.occurrences] == [
        (r.file, r.element, r.value, r.person) for r in records
    ]
    rows = [r for r in records if "row" in r.where]
    assert rows and all(
        o.row == r.where["row"] for o, r in zip(loaded.occurrences, records, strict=True) if "row" in r.where
    )
    where = pq.read_table(folder / "occurrences.parquet", columns=["where"]).column(0).to_pylist()
    assert [json.loads(w) if w else {} for w in where] == [r.where for r in records]
    tops = {f.file for f in loaded.files if f.top_level}
    assert tops == set(truth.files)  # type: ignore[attr-defined]
    assert {f.file for f in loaded.files if not f.top_level} == {r.file for r in records if SEP in r.file}
    assert not next(f for f in loaded.files if f.file == "inventory/supply_orders.csv").has_phi


def test_persons_hold_every_patient_attribute(small: tuple[Path, object]) -> None:
    base, truth = small
    persons = pq.read_table(base / "corpus.truth" / "persons.parquet").to_pylist()
    kinds = {p["kind"] for p in persons}
    assert kinds == {"patient", "emergency_contact", "provider", "staff", "organisation"}
    patients = [p for p in persons if p["kind"] == "patient"]
    assert len(patients) == 6
    assert all(p["first"] and p["last"] and p["dob"] and p["mrn"] and p["address_zip"] for p in patients)
    assert not any(p["ssn"] and p["itin"] for p in patients)  # some have neither: SSN not on file
    ids = {p["person_id"] for p in persons}
    assert {r.person for r in truth.records} <= ids  # type: ignore[attr-defined]
    meta = json.loads((base / "corpus.truth" / "truth.json").read_text())
    assert (meta["version"], meta["seed"], meta["patients"], meta["corpus"]) == (1, 5, 6, "corpus")
    assert meta["counts"]["occurrences"] == len(truth.records)  # type: ignore[attr-defined]


def test_same_seed_same_truth_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", 4, 2, formats=["txt"])
    generate(tmp_path / "b", 4, 2, formats=["txt"])
    for name in ("occurrences.parquet", "files.parquet", "persons.parquet"):
        assert (tmp_path / "a.truth" / name).read_bytes() == (tmp_path / "b.truth" / name).read_bytes()


def test_refuses_truth_folder_inside_corpus_and_bad_folders(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        generate(tmp_path / "c", 2, 1, formats=["txt"], truth_dir=tmp_path / "c" / "t")
    with pytest.raises(UsageError, match="not found"):
        load_truth(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="not a truth folder"):
        load_truth(tmp_path / "empty")
    with pytest.raises(UsageError, match="unknown truth format"):
        load_truth(tmp_path / "empty", "nope")
