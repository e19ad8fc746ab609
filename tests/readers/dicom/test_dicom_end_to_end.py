"""End to end: a DICOM file scanned into a case; the simulator's DICOM files read back as their truth."""

from __future__ import annotations

import random
from pathlib import Path

from dicom_helpers import patient_study, read, records, to_bytes

from phiscope import api
from phiscope.eval.normalize import Normalizer
from phiscope.readers.registry import load_readers
from phiscope.simulate.population import World
from phiscope.simulate.writers.dicom import dicom_image

ENV = {"PHISCOPE_KEY": "x" * 32}


def test_scan_into_a_case(tmp_path: Path) -> None:
    src = tmp_path / "in" / "IM000001"  # no extension: chosen by the DICM magic
    src.parent.mkdir()
    src.write_bytes(to_bytes(patient_study()))
    assert load_readers().choose(src.read_bytes()[:8192], src.name).id == "dicom"  # type: ignore[union-attr]
    api.scan([str(src.parent)], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    found = list(api.findings(tmp_path / "case", reveal=True, env=ENV))
    patient = [f for f in found if f["role"] == "patient"]
    got = {(f["element"], f["value"]) for f in patient}
    assert {("person_name", "JANE Q DOE JR"), ("mrn", "MRN0012345"), ("dob", "19800321"),
            ("ssn", "536-22-8741"), ("phone", "(860) 555-0142"), ("phone", "860-555-0199"),
            ("street_address", "12 Oak St Apt 4B")} <= got
    assert len({f["row_key"] for f in patient}) == 1
    assert {f["column"] for f in patient if f["element"] == "dob"} == {"PatientBirthDate (0010,0030)"}
    providers = {(f["value"], f["row_key"].split(":", 1)[1]) for f in found
                 if f["role"] == "provider" and f["element"] == "person_name"}
    assert {("SARAH KIM", "referring_physician"), ("DAVID LEE", "performing_physician[1]"),
            ("ANIL PATEL", "performing_physician[2]")} <= providers


def test_simulated_files_read_back_as_their_truth() -> None:
    world = World(60, 7)
    pop, norm = world.population(), Normalizer()
    rng = random.Random(5)
    for i in range(25):
        gf = dicom_image(world.patient(i), pop, world.dx, rng, f"imaging/study_{i:04d}/IM_0001.dcm")
        fields = [f for r in records(read(gf.data)).values() for f in r.fields if f.element]
        got = sorted((f.loc.column or "", f.element or "", norm(f.element, f.value)) for f in fields)
        truth = sorted((i.where["column"], i.val.element, norm(i.val.element, i.val.value))
                       for i in gf.inserts)
        assert got == truth, gf.path
