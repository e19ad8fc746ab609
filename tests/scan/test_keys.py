"""Key columns of tables (``scan.keys``): which headers and values count, how keys are normalised,
and that a scan stores them per row as keyed hashes only."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from phiscope import api
from phiscope.scan.keys import is_key_header, looks_like_keys, normalize_keys

ENV = {"PHISCOPE_KEY": "key-columns-test-key-0123"}


@pytest.mark.parametrize("header", ["Id", "PATIENT", "ENCOUNTER", "guarantor_id", "PatientID", "PATIENTID",
                                    "Claim #", "member_no", "Order Number", "patient key", "visit_uuid"])
def test_key_headers(header: str) -> None:
    assert is_key_header(header)


@pytest.mark.parametrize("header", ["", "First Name", "DOB", "Dx Code", "Zip", "Description",
                                    "Provider Notes",
                                    "patients", "identity theft"])
def test_not_key_headers(header: str) -> None:
    assert not is_key_header(header)


def test_key_values_are_single_tokens() -> None:
    assert looks_like_keys(pl.Series(["b9f1c2d4-0a1b-4c3d-9e8f-7a6b5c4d3e2f", "17", "MRN-0042", None]))
    assert not looks_like_keys(pl.Series(["DOE, JANE", "SMITH, JOHN", "ROE, RICHARD"]))
    assert not looks_like_keys(pl.Series([None, "  "], dtype=pl.String))


def test_keys_are_trimmed_case_folded_and_counters_lose_leading_zeros() -> None:
    got = normalize_keys(pl.Series([" AbC-1 ", "007", "0", "000", "0x1"])).to_list()
    assert got == ["abc-1", "7", "0", "0", "0x1"]


def test_scan_stores_key_cells_per_row_as_hashes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "conditions.csv").write_text("START,PATIENT,CODE,DESCRIPTION\n"
                                        "2020-01-01,PT-90210-AB,E11.9,Diabetes\n"
                                        "2020-02-01,pt-90210-ab,I10,Hypertension\n")
    api.scan([str(src)], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    store = api.open_case(tmp_path / "case", env=ENV)
    try:
        keys = store.row_keys().to_pylist()
    finally:
        store.close()
    got = [(k["table_name"], k["column"], k["strong"]) for k in keys]
    assert got == [("conditions", "PATIENT", True)] * 2
    assert keys[0]["key_hmac"] == keys[1]["key_hmac"] and len(keys[0]["key_hmac"]) == 32
    assert {k["row_key"].rsplit(":", 1)[1] for k in keys} == {"1", "2"}
    assert b"90210" not in b"".join(p.read_bytes() for p in (tmp_path / "case").rglob("*") if p.is_file())
