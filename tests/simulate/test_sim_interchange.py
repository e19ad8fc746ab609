"""HL7 v2 logs and the FHIR bulk export: read by the right reader, every value found by a scan."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from phiscope import api
from phiscope.eval.case import load_predictions
from phiscope.eval.match import match
from phiscope.eval.normalize import Normalizer
from phiscope.eval.truth import load_truth
from phiscope.readers.registry import load_readers
from phiscope.simulate import generate
from phiscope.simulate.truth import CorpusTruth

ENV = {"PHISCOPE_KEY": "sim-interchange-key-01"}
FILES = {"interfaces/adt_20240330.hl7": "hl7v2", "interfaces/oru_20240330.hl7": "hl7v2",
         "exports/fhir/Patient.ndjson": "fhir", "exports/fhir/Condition.ndjson": "fhir"}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusTruth]:
    base = tmp_path_factory.mktemp("interchange")
    truth = generate(base / "corpus", 80, 5, formats=["hl7", "fhir"])
    return base, truth


def test_files_exist_and_are_read_by_the_right_reader(small: tuple[Path, CorpusTruth]) -> None:
    base, truth = small
    assert sorted(truth.files) == sorted(FILES)
    readers = load_readers()
    for name, reader in FILES.items():
        path = base / "corpus" / name
        chosen = readers.choose(path.read_bytes()[:8192], path.name)
        assert chosen is not None and chosen.id == reader, name
    adt = (base / "corpus" / "interfaces/adt_20240330.hl7").read_bytes()
    assert b"\n" not in adt and adt.count(b"MSH|^~\\&|") >= 25  # about half of 80 patients
    assert b"^MR|" in adt and b"^I10|" in adt and b"\rNK1|1|" in adt
    patients = (base / "corpus" / "exports/fhir/Patient.ndjson").read_text(encoding="utf-8")
    assert "http://hl7.org/fhir/sid/us-ssn" in patients and '"code":"MR"' in patients


def test_truth_elements_and_people(small: tuple[Path, CorpusTruth]) -> None:
    _, truth = small
    by_file = truth.by_file()
    adt = Counter(r.element for r in by_file["interfaces/adt_20240330.hl7"])
    assert {"mrn", "person_name", "dob", "street_address", "city_state_zip", "phone", "ssn",
            "icd10_diagnosis", "npi", "health_plan_member_id", "date"} <= set(adt)
    fhir = Counter(r.element for r in by_file["exports/fhir/Patient.ndjson"])
    assert {"mrn", "ssn", "person_name", "dob", "street_address", "city_state_zip", "phone",
            "email"} <= set(fhir)
    assert {r.element for r in by_file["exports/fhir/Condition.ndjson"]} == {"icd10_diagnosis", "date"}
    adt_records = by_file["interfaces/adt_20240330.hl7"]
    contacts = [r for r in adt_records if str(r.where.get("column", "")).startswith("NK1")]
    assert contacts and all(r.person.startswith("pt-") for r in contacts)
    assert any(r.person.endswith("-ec") for r in contacts)
    assert all(r.where.get("line") for recs in by_file.values() for r in recs)


def test_scan_finds_every_value(small: tuple[Path, CorpusTruth], tmp_path: Path) -> None:
    base, _ = small
    api.scan([str(base / "corpus")], str(tmp_path / "case"), options=api.ScanOptions(workers=1), env=ENV)
    truth = load_truth(base / "corpus.truth")
    found = list(api.findings(str(tmp_path / "case"), reveal=True, env=ENV))
    paths = api.document_paths(str(tmp_path / "case"), env=ENV)
    preds = load_predictions(found, paths, truth.top_level_files())
    m = match(truth, preds.items, Normalizer())
    total, hit = Counter[str](), Counter[str]()
    for o in truth.occurrences:
        total[o.file] += 1
        hit[o.file] += o.id in m.found
    assert set(total) == set(FILES)
    for name in FILES:
        assert hit[name] / total[name] >= 0.99, (name, hit[name], total[name])
    assert len(m.right_by_value) / len(preds.items) >= 0.95
