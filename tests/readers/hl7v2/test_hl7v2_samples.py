"""HL7 v2 on the real FHIR-Converter samples, hostile bytes (hypothesis) and end to end."""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

import pytest
from hl7_helpers import SAMPLES, read, records, values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phiscope import api
from phiscope.errors import DocumentError
from phiscope.model import ReadIssue, Record
from phiscope.readers.registry import load_readers

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/data samples not present")
ENV = {"PHISCOPE_KEY": "x" * 32}


@needs_samples
def test_every_sample_is_sniffed_and_read_without_issues() -> None:
    readers = load_readers()
    files = sorted(SAMPLES.glob("*.hl7"))
    assert len(files) > 100
    patients = 0
    for path in files:
        chosen = readers.choose(path.read_bytes()[:8192], path.name)
        assert chosen is not None and chosen.id == "hl7v2", path.name
        items = read(path.read_bytes(), path.name)
        assert not [i for i in items if isinstance(i, ReadIssue)], path.name
        patients += sum(1 for i in items if isinstance(i, Record) and i.role == "patient")
    assert patients >= len(files)


@needs_samples
def test_adt_a01_person_mentions() -> None:
    recs = records(read((SAMPLES / "ADT-A01-01.hl7").read_bytes()))
    assert values(recs["msg1/PID"]) >= {
        ("PID-5", "person_name", "ADAM A EVERYMAN III"),
        ("PID-7", "dob", "19880818"),
        ("PID-3", "mrn", "PATID1234"),
        ("PID-3", "ssn", "123456789"),
        ("PID-11", "street_address", "1000 Hospital Lane Ste. 123"),
        ("PID-11", "city_state_zip", "Ann Arbor, MI 99999"),
        ("PID-20", "drivers_license", "DLN-123"),
        ("PID-29", "date", "20080825"),
        ("PV1-44", "date", "20150208"),
    }
    assert values(recs["msg1/PID/mother"]) == {
        ("PID-6", "person_name", "Angela L SMITH"),
        ("PID-21", None, "1212121"),
    }
    assert values(recs["msg1/GT1"]) >= {
        ("GT1-3", "person_name", "LUCY RADIANT"),
        ("GT1-8", "dob", "20010412"),
        ("GT1-5", "city_state_zip", "MADISON, WI 53703"),
    }
    assert values(recs["msg1/IN1"]) >= {
        ("IN1-18", "dob", "19750228"),
        ("IN2-2", "ssn", "425-57-9745"),
        ("IN1-19", "street_address", "3857 Velvet Treasure Terrace"),
    }
    assert recs["msg1/NK1"].role == "next_of_kin" and recs["msg1/PV1-7"].role == "provider"


@needs_samples
def test_adt04_field_value_msh_is_not_a_message() -> None:
    recs = records(read((SAMPLES / "ADT04-23.hl7").read_bytes()))
    assert {k for k in recs if "/PID" in k} == {"msg1/PID"}
    assert ("PID-5", "person_name", "MARIO BROS") in values(recs["msg1/PID"])
    assert ("PID-13", "phone", "(555)555-0123") in values(recs["msg1/PID"])
    assert [
        values(recs[k]) & {("NK1-2", "person_name", n) for n in ("PRINCESS PEACH", "PRINCESS TOADSTOOL")}
        for k in ("msg1/NK1", "msg1/NK1[2]")
    ] == [{("NK1-2", "person_name", "PRINCESS PEACH")}, {("NK1-2", "person_name", "PRINCESS TOADSTOOL")}]


_HEADER = b"MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\r"


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from([b"", _HEADER, b"\x0b" + _HEADER, b"FHS|^~\\&\r"]))
def test_fuzz_random_bytes(data: bytes, prefix: bytes) -> None:
    _read_quickly(prefix + data)


_ALPHABET = st.sampled_from(
    [
        "|",
        "^",
        "~",
        "\\",
        "&",
        "\r",
        "\n",
        "\x0b",
        "\x1c",
        "MSH|",
        "PID|",
        "OBX|2|ED|x||",
        "A^B^PDF^Base64^QUJD",
        "\\X",
        "\\.br\\",
        "OBX|1|TX|",
        "IN2|",
        "MSH|^~\\&",
        "9",
        "é",
    ]
)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=400))
def test_fuzz_structured_noise(parts: list[str]) -> None:
    _read_quickly(_HEADER + "".join(parts).encode())


def _read_quickly(data: bytes) -> None:
    t0 = time.perf_counter()
    with contextlib.suppress(DocumentError):
        read(data)
    assert time.perf_counter() - t0 < 2.0


@needs_samples
def test_end_to_end_scan(tmp_path: Path) -> None:
    src = tmp_path / "in" / "adt.hl7"
    src.parent.mkdir()
    shutil.copy(SAMPLES / "ADT-A01-01.hl7", src)
    api.scan([str(src.parent)], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    found = list(api.findings(tmp_path / "case", reveal=True, env=ENV))
    patient = {(f["element"], f["value"]) for f in found if f["role"] == "patient"}
    assert {
        ("person_name", "ADAM A EVERYMAN III"),
        ("dob", "19880818"),
        ("city_state_zip", "Ann Arbor, MI 99999"),
    } <= patient
    keys = {f["row_key"] for f in found if f["role"] == "patient" and f["element"] in ("person_name", "dob")}
    assert len(keys) == 1 and next(iter(keys)).endswith(":msg1/PID")
    assert {("ssn", "425-57-9745")} <= {(f["element"], f["value"]) for f in found if f["role"] == "insured"}
