"""Relational key joins end to end (issue 5, must 5): rows that hold no identity (conditions keyed by
``PATIENT``, lab results keyed by ``ENCOUNTER`` only, payment methods keyed by a small-integer
``guarantor_id``, claims keyed by a member ID that only ``payer_transitions`` gives a patient key)
count for the person their key points at, and nothing else is joined."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phiscope import api

ENV = {"PHISCOPE_KEY": "key-joins-test-key-0123"}
UUIDS = ["0b7e2c1a-5d3f-4e8a-9c6b-1f2e3d4c5b6a", "6f1d8b2e-3c4a-4b5d-8e7f-9a0b1c2d3e4f",
         "a3c5e7f9-1b2d-4f6a-8c0e-2d4f6a8c0e1b", "d9e8f7a6-b5c4-4d3e-a2f1-0e9d8c7b6a5f"]
PATIENTS = [("Harriet", "Quimby", "1961-04-11", "219-44-1820"), ("Bartholomew", "Ostrander", "1958-09-23",
            "318-52-7719"), ("Philippa", "Vandermeer", "1990-02-14", "407-63-2291"),
            ("Cornelius", "Wexford", "1977-12-30", "529-71-4418")]
MEMBERS = ["XWV343979908", "NTU902146024", "QKD551203987"]


def _write(folder: Path) -> None:
    pts = ["Id,FIRST,LAST,BIRTHDATE,SSN,CITY,STATE"]
    pts += [f"{UUIDS[i]},{f},{la},{d},{s},Hartford,CT" for i, (f, la, d, s) in enumerate(PATIENTS)]
    (folder / "patients.csv").write_text("\n".join(pts) + "\n")
    (folder / "encounters.csv").write_text(
        "Id,START,PATIENT\n" + "".join(f"enc-{i:04d}-visit,2023-03-0{i + 1},{UUIDS[i]}\n" for i in range(4)))
    (folder / "conditions.csv").write_text(
        "START,PATIENT,ENCOUNTER,CODE,DESCRIPTION\n"
        f"2023-03-01,{UUIDS[0]},enc-0000-visit,E11.9,Type 2 diabetes\n"
        f"2023-03-02,{UUIDS[1].upper()},enc-0001-visit,I10,Hypertension\n"
        "2023-03-05,ffffffff-0000-4000-8000-000000000000,enc-9999-visit,J45.909,Asthma\n")
    (folder / "observations.csv").write_text(  # keyed by ENCOUNTER only: two hops
        "DATE,ENCOUNTER,LOINC,REASONCODE\n2023-03-03,enc-0002-visit,4548-4,F32.9\n")
    (folder / "guarantors.csv").write_text(
        "guarantor_id,first_name,last_name,dob,ssn\n"
        + "".join(f"{i + 1},{f},{la},{d},{s}\n" for i, (f, la, d, s) in enumerate(PATIENTS)))
    (folder / "payment_methods.csv").write_text(  # payment_id 1..3 are not guarantor ids
        "payment_id,guarantor_id,card_number\n1,4,4111111111111111\n2,1,5500005555555559\n")
    (folder / "payer_transitions.csv").write_text(  # the only place a member ID meets a patient key
        f"PATIENT,MEMBERID,START_YEAR,END_YEAR\n{UUIDS[0]},{MEMBERS[0]},2019,2024\n"
        f"{UUIDS[2]},{MEMBERS[1]},2020,2024\n")
    (folder / "claims.csv").write_text(  # keyed by member ID only; the last one is nobody's
        "CLAIMID,MEMBERID,SERVICEDATE,DIAG1\n"
        f"c-0001-claim,{MEMBERS[0]},2023-05-02,K219\nc-0002-claim,{MEMBERS[0]},2023-06-12,M545\n"
        f"c-0003-claim,{MEMBERS[1]},2023-07-19,N390\nc-0004-claim,{MEMBERS[2]},2023-08-21,R51\n")


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("keys")
    (base / "in").mkdir()
    _write(base / "in")
    api.scan([str(base / "in")], base / "case", options=api.ScanOptions(workers=1), env=ENV)
    info = api.resolve_people(base / "case", env=ENV)
    by_last = {}
    everyone = list(api.people(base / "case", reveal=True, env=ENV))
    for p in everyone:
        last = next((la for _, la, _, _ in PATIENTS if la.lower() in str(p["full_name"]).lower()), None)
        if last:
            by_last[last] = api.explain(base / "case", p["person_id"], reveal=True, env=ENV)
    return {"info": info, "by_last": by_last, "people": everyone}


def _paths(explained: dict[str, Any]) -> set[str]:
    return {Path(m["path"]).name for m in explained["mentions"] if m["kind"] == "keyed-row"}


def test_the_joins_are_exactly_the_named_and_global_keys(people: dict[str, Any]) -> None:
    joins = {(j["from"], j["to"]) for j in people["info"]["key_joins"]}
    assert joins == {("conditions.PATIENT", "patients.Id"), ("encounters.PATIENT", "patients.Id"),
                     ("observations.ENCOUNTER", "encounters.Id"),
                     ("payer_transitions.PATIENT", "patients.Id"),
                     ("payment_methods.guarantor_id", "guarantors.guarantor_id")}
    assert people["info"]["conflicting_keyed_rows"] == 0


def test_keyed_rows_count_for_the_person_the_key_points_at(people: dict[str, Any]) -> None:
    by_last = people["by_last"]
    assert _paths(by_last["Quimby"]) >= {"conditions.csv", "payment_methods.csv"}
    assert "conditions.csv" in _paths(by_last["Ostrander"])  # the key's case does not matter
    assert _paths(by_last["Vandermeer"]) >= {"observations.csv"}  # observation -> encounter -> patient
    assert _paths(by_last["Wexford"]) >= {"payment_methods.csv"}
    assert "payment_card" in by_last["Wexford"]["person"]["element_types"]
    assert "payment_card" not in by_last["Ostrander"]["person"]["element_types"]


def test_a_key_that_points_nowhere_joins_nobody(people: dict[str, Any]) -> None:
    # 2 conditions, 4 encounters (their dates), 1 observation, 2 payment methods; not the asthma row
    assert people["info"]["keyed_rows"] == 9
    codes = [e for x in people["by_last"].values() for e in x["evidence"]
             if e["element"] == "icd10_diagnosis"]
    # 2 conditions, 1 observation and the 3 claims whose member IDs payer_transitions gives a patient
    # (R51's member ID it gives nobody); the asthma code keyed by an unknown PATIENT is nobody's
    assert len(codes) == 6


def test_claims_keyed_by_member_id_join_through_payer_transitions(people: dict[str, Any]) -> None:
    by_last = people["by_last"]
    assert {"claims.csv", "payer_transitions.csv"} <= _row_paths(by_last["Quimby"])
    assert {"claims.csv", "payer_transitions.csv"} <= _row_paths(by_last["Vandermeer"])
    assert "claims.csv" not in _row_paths(by_last["Ostrander"])
    assert people["info"]["thin_people_joined"] == 2
    # four patients and the holder of the member ID no table gives a patient key
    assert len(people["people"]) == 5


def _row_paths(explained: dict[str, Any]) -> set[str]:
    return {Path(m["path"]).name for m in explained["mentions"]}
