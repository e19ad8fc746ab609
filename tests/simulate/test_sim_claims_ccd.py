"""The 837P claims batch, the 835 remittance and the C-CDA CCDs: read by the right reader, truth as
the readers report it, every value found by a scan."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from phiscope import api
from phiscope.eval.case import load_predictions
from phiscope.eval.match import match
from phiscope.eval.normalize import Normalizer
from phiscope.eval.truth import load_truth
from phiscope.model import Record
from phiscope.readers.base import ReadContext
from phiscope.readers.registry import load_readers
from phiscope.simulate import generate
from phiscope.simulate.truth import CorpusTruth
from phiscope.sources.blob import Blob

ENV = {"PHISCOPE_KEY": "sim-claims-ccd-key-01"}
CLAIMS = "billing/claims_837p_20240330.x12"
REMIT = "billing/remit_835_20240330.x12"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusTruth]:
    base = tmp_path_factory.mktemp("claims")
    truth = generate(base / "corpus", 80, 7, formats=["x12", "ccda"])
    return base, truth


def _reader_for(name: str) -> str:
    return "x12" if name.endswith(".x12") else "ccda"


def test_files_exist_and_are_read_by_the_right_reader(small: tuple[Path, CorpusTruth]) -> None:
    base, truth = small
    ccds = [f for f in truth.files if f.startswith("letters/ccd/")]
    assert CLAIMS in truth.files and REMIT in truth.files and len(ccds) >= 2
    assert len(truth.files) == len(ccds) + 2
    readers = load_readers()
    for name in truth.files:
        path = base / "corpus" / name
        chosen = readers.choose(path.read_bytes()[:8192], path.name)
        assert chosen is not None and chosen.id == _reader_for(name), name
    text = (base / "corpus" / CLAIMS).read_text(encoding="utf-8")
    lines = text.splitlines()
    isa = lines[0].split("*")
    assert len(lines[0]) == 106 and isa[11] == "^" and isa[12] == "00501" and isa[16] == ":~"
    assert all(line.endswith("~") for line in lines)
    st = lines.index("ST*837*0001*005010X222A1~")
    se = next(i for i, x in enumerate(lines) if x.startswith("SE*"))
    assert lines[se] == f"SE*{se - st + 1}*0001~" and lines[-1] == f"IEA*1*{isa[13]}~"
    assert text.count("CLM*PCN") >= 15 and "HI*ABK:" in text and "REF*SY*" in text


def test_remittance_envelope(small: tuple[Path, CorpusTruth]) -> None:
    base, _ = small
    lines = (base / "corpus" / REMIT).read_text(encoding="utf-8").splitlines()
    isa = lines[0].split("*")
    assert len(lines[0]) == 106 and isa[12] == "00501" and isa[16] == ":~"
    assert lines[1].startswith("GS*HP*") and lines[1].endswith("*X*005010X221A1~")
    assert lines[2] == "ST*835*0001~" and lines[3].startswith("BPR*") and lines[4].startswith("TRN*1*")
    assert lines[5].startswith("N1*PR*") and lines[6].startswith("N1*PE*")
    assert lines[-3] == f"SE*{len(lines) - 4}*0001~" and lines[-2] == f"GE*1*{int(isa[13])}~"
    assert lines[-1] == f"IEA*1*{isa[13]}~"
    clps = [x for x in lines if x.startswith("CLP*")]
    assert len(clps) >= 15 and len(clps) == sum(x.startswith("NM1*QC*1*") and "*MI*" in x for x in lines)
    assert sum(x.startswith("LX*") for x in lines) == len(clps)
    assert any(x.startswith("SVC*HC:") for x in lines)


def test_truth_is_what_the_readers_report(small: tuple[Path, CorpusTruth]) -> None:
    base, truth = small
    readers = load_readers()
    for name, records in truth.by_file().items():
        want = Counter((r.element, r.value, r.where.get("line"), r.where.get("column")) for r in records)
        got: Counter[tuple[str, str, int | None, str | None]] = Counter()
        path = base / "corpus" / name
        blob = Blob(name, path.name, fs_path=str(path))
        for item in readers.by_id(_reader_for(name)).read(blob, ReadContext()):
            assert isinstance(item, Record), name  # no issues: the envelope counts are right
            got.update((f.element, f.value, f.loc.line, f.loc.column) for f in item.fields if f.element)
        assert got == want, name


def test_truth_elements_and_people(small: tuple[Path, CorpusTruth]) -> None:
    _, truth = small
    by_file = truth.by_file()
    claims = by_file[CLAIMS]
    assert {"person_name", "health_plan_member_id", "street_address", "city_state_zip", "dob", "ssn",
            "icd10_diagnosis", "npi", "date"} == {r.element for r in claims}
    assert all(r.value.replace(".", "") == r.value for r in claims if r.element == "icd10_diagnosis")
    assert {r.person[:3] for r in claims} == {"pt-", "dr-", "org"}
    remit = by_file[REMIT]
    assert {"person_name", "health_plan_member_id", "date"} == {r.element for r in remit}
    assert {r.person[:3] for r in remit} == {"pt-"}
    assert {r.where["column"] for r in remit} == {"NM103", "NM109", "DTM02"}
    ccd = [r for name, recs in by_file.items() if name not in (CLAIMS, REMIT) for r in recs]
    assert {"mrn", "ssn", "person_name", "dob", "street_address", "city_state_zip", "phone", "email",
            "icd10_diagnosis", "npi", "date"} == {r.element for r in ccd}
    assert any(r.person.endswith("-ec") or r.where["column"].startswith("participant") for r in ccd)
    assert all(r.where.get("line") and r.where.get("column") for recs in by_file.values() for r in recs)


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
    for name in total:
        assert hit[name] / total[name] >= 0.99, (name, hit[name], total[name])
    by_file, right = Counter[str](), Counter[str]()
    for p in preds.items:
        by_file[p.file] += 1
        right[p.file] += p.id in m.right_by_value
    assert right[CLAIMS] / by_file[CLAIMS] >= 0.95 and right[REMIT] / by_file[REMIT] >= 0.95
    assert total[REMIT] >= 100 and hit[REMIT] / total[REMIT] >= 0.99
    assert sum(right.values()) / sum(by_file.values()) >= 0.95
