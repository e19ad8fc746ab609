"""End to end on the Synthea bulk export: api.scan into a case, then every patient's identifiers
are findings of that patient's record (same row_key, role patient), and the base64 notes of
DocumentReference are scanned as documents of their own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir_helpers import data_dir

from phiscope import api

ENV = {"PHISCOPE_KEY": "x" * 32}
NOTES = 40  # DocumentReference lines scanned (each note is a child document; keeps the test fast)


@pytest.fixture(scope="module")
def synthea_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Any], list[dict[str, Any]]]:
    folder = data_dir("synthea_fhir_bulk_10pt")
    inputs = tmp_path_factory.mktemp("synthea")
    (inputs / "Patient.000.ndjson").write_bytes((folder / "Patient.000.ndjson").read_bytes())
    lines = (folder / "DocumentReference.000.ndjson").read_text().splitlines()[:NOTES]
    (inputs / "DocumentReference.000.ndjson").write_text("\n".join(lines) + "\n")
    case = tmp_path_factory.mktemp("case")
    api.scan([str(inputs)], case, options=api.ScanOptions(workers=1), env=ENV)
    patients = [json.loads(x) for x in (folder / "Patient.000.ndjson").read_text().splitlines() if x.strip()]
    return patients, list(api.findings(case, reveal=True, env=ENV))


def _of(findings: list[dict[str, Any]], pid: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        if (f["row_key"] or "").endswith(f":Patient/{pid}"):
            assert f["role"] == "patient"
            out.setdefault(f["element"], set()).add(f["value"])
    return out


def _ident(patient: dict[str, Any], code: str) -> str | None:
    for ident in patient["identifier"]:
        if code in [c["code"] for c in ident.get("type", {}).get("coding", [])]:
            return str(ident["value"])
    return None


def test_every_patient_identifier_is_attributed(synthea_case: Any) -> None:
    patients, findings = synthea_case
    assert len(patients) == 13
    for p in patients:
        got = _of(findings, p["id"])
        assert p["birthDate"] in got["dob"]
        assert p["address"][0]["line"][0] in got["street_address"]
        assert any(p["address"][0]["city"] in v for v in got["city_state_zip"])
        assert _ident(p, "MR") in got["mrn"]
        # Synthea SSNs are 999-xx-xxxx: typed SSN fields come out as ssn (flag test-range) or,
        # for groups in the IRS ITIN ranges, as itin; both on the patient's record
        ssn = _ident(p, "SS")
        assert ssn in got.get("ssn", set()) | got.get("itin", set())
        for code, element in (("DL", "drivers_license"), ("PPN", "passport")):
            value = _ident(p, code)
            if value is not None:
                assert value in got[element]


def test_patient_names_are_attributed(synthea_case: Any) -> None:
    patients, findings = synthea_case
    for p in patients:
        name = p["name"][0]
        assert " ".join([*name["given"], name["family"]]) in _of(findings, p["id"]).get("person_name", set())


def test_notes_are_scanned_as_child_documents(synthea_case: Any) -> None:
    _, findings = synthea_case
    notes = {f["path"] for f in findings if "!/DocumentReference-" in f["path"]}
    assert len(notes) == NOTES
    assert all(Path(p).suffix == ".txt" for p in notes)
