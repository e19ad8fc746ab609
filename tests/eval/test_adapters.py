"""External corpora: type mappings, exported texts whose offsets line up, and the real sets when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phiscope.errors import UsageError
from phiscope.eval import load_truth
from phiscope.eval.adapters import (
    ADAPTERS,
    adapter_for,
    meddocan_brat,
    physionet_deid_gold,
    presidio_synth_v2,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # ../shared/data from the repo
KNOWN_ELEMENTS = {
    "person_name",
    "street_address",
    "city_state_zip",
    "phone",
    "email",
    "payment_card",
    "ssn",
    "itin",
    "bank_account",
    "drivers_license",
    "passport",
    "date",
    "dob",
    "url",
    "ip_address",
    "mrn",
    "health_plan_member_id",
}


def _fake_presidio(tmp: Path) -> Path:
    recs = [
        {
            "full_text": "Call Jane Roe at 860-555-0142.",
            "spans": [
                {"entity_type": "PERSON", "start_position": 5, "end_position": 13},
                {"entity_type": "PHONE_NUMBER", "start_position": 17, "end_position": 29},
            ],
        },
        {
            "full_text": "Works at Acme.",
            "spans": [{"entity_type": "ORGANIZATION", "start_position": 9, "end_position": 13}],
        },
    ]
    folder = tmp / "presidio"
    folder.mkdir()
    (folder / presidio_synth_v2.DATA_FILE).write_text(json.dumps(recs), encoding="utf-8")
    return folder


def _fake_physionet(tmp: Path) -> Path:
    folder = tmp / "physionet"
    folder.mkdir()
    (folder / "id.text").write_text(
        "START_OF_RECORD=1||||1||||\nSEEN BY DR SMITH ON 7/22.\n||||END_OF_RECORD\n"
        "START_OF_RECORD=1||||2||||\nNO CHANGES.\n||||END_OF_RECORD\n"
    )
    (folder / "id-phi.phrase").write_text("1 1 11 16 HCPName SMITH\n1 1 20 24 Date 7/22\n")
    return folder


def _fake_meddocan(tmp: Path) -> Path:
    folder = tmp / "meddocan" / "dev" / "brat"
    folder.mkdir(parents=True)
    text = "Nombre:  Pedro.\nNHC: 2569870.\nFecha de Ingreso: 17/06/2016.\n"
    (folder / "S0001-1.txt").write_text(text, encoding="utf-8")
    (folder / "S0001-1.ann").write_text(
        "T1\tNOMBRE_SUJETO_ASISTENCIA 9 14\tPedro\nT2\tID_SUJETO_ASISTENCIA 21 28\t2569870\n"
        "T3\tFECHAS 48 58\t17/06/2016\nT4\tSEXO_SUJETO_ASISTENCIA 0 0\t\n#1\tAnnotatorNotes T1\tnote\n",
        encoding="utf-8")
    (folder / "S0002-1.txt").write_text("Sin datos.\n", encoding="utf-8")
    (folder / "S0002-1.ann").write_text("", encoding="utf-8")
    return tmp / "meddocan"


def test_every_mapping_targets_a_known_element() -> None:
    for mapping in (presidio_synth_v2.MAPPING, physionet_deid_gold.MAPPING, meddocan_brat.MAPPING):
        for m in mapping.values():
            assert m.accepts <= KNOWN_ELEMENTS and (m.element is None or m.element in m.accepts)


@pytest.mark.parametrize("make", [_fake_presidio, _fake_physionet, _fake_meddocan])
def test_export_offsets_line_up(tmp_path: Path, make: object) -> None:
    src = make(tmp_path)  # type: ignore[operator]
    truth = load_truth(src)
    out = tmp_path / "texts"
    assert adapter_for(src).export_texts(src, out) == len(truth.files)
    for o in truth.occurrences:
        assert (out / o.file).read_bytes().decode("utf-8")[o.start : o.end] == o.value
    with pytest.raises(UsageError, match="not an empty folder"):
        adapter_for(src).export_texts(src, out)


def test_fake_sets_load_with_their_mapping(tmp_path: Path) -> None:
    pres = load_truth(_fake_presidio(tmp_path))
    assert [(o.label, o.element) for o in pres.occurrences] == [
        ("PERSON", "person_name"),
        ("PHONE_NUMBER", "phone"),
    ]
    assert [f.has_phi for f in pres.files] == [True, False] and pres.meta["ignored_types"] == {
        "ORGANIZATION": 1
    }
    assert not pres.is_labelled("mrn") and pres.is_labelled("phone")
    phys = load_truth(_fake_physionet(tmp_path), "physionet_deid_gold")
    assert [f.file for f in phys.files] == ["note_0001_001.txt", "note_0001_002.txt"]
    assert phys.is_labelled("ssn") and not phys.is_labelled("icd10_diagnosis")
    with pytest.raises(UsageError):
        ADAPTERS["simulator"].export_texts(tmp_path, tmp_path / "x")
    med = load_truth(_fake_meddocan(tmp_path))
    assert med.kind == "meddocan_brat"
    assert [f.file for f in med.files] == ["dev__brat__S0001-1.txt", "dev__brat__S0002-1.txt"]
    assert [(o.label, o.element, o.value) for o in med.occurrences] == [
        ("SEXO_SUJETO_ASISTENCIA", None, ""), ("NOMBRE_SUJETO_ASISTENCIA", "person_name", "Pedro"),
        ("ID_SUJETO_ASISTENCIA", "mrn", "2569870"), ("FECHAS", "date", "17/06/2016")]
    assert [f.has_phi for f in med.files] == [True, False]


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is absent")
def test_real_sets_load_and_line_up() -> None:
    pres = load_truth(DATA / "presidio_synth_v2")
    assert pres.kind == "presidio_synth_v2" and len(pres.files) > 900 and len(pres.occurrences) > 1000
    phys = load_truth(DATA / "physionet_deid_gold")
    assert phys.kind == "physionet_deid_gold" and len(phys.files) == 1624 and len(phys.occurrences) == 1243
    assert sum(f.has_phi for f in phys.files) < len(phys.files) / 2  # most notes hold no PHI
    med = load_truth(DATA / "meddocan_es" / "corpus" / "dev")
    assert med.kind == "meddocan_brat" and len(med.files) == 250 and len(med.occurrences) > 5000
