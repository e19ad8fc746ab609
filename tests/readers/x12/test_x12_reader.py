"""X12: delimiters from the ISA, loops → person records, malformed envelopes, real samples, fuzz, e2e."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from x12_helpers import SAMPLES, read_x12, x12_records, x12_values

from phiscope import api
from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadIssue, Record, TextUnit
from phiscope.readers.registry import load_readers
from phiscope.readers.x12 import X12Reader

ISA = (
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
    "*240101*1200*^*00501*000000001*0*P*:~"
)
CLAIM_837 = (
    ISA + "GS*HC*S*R*20240101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*1*20240101*1200*CH~"
    "HL*1**20*1~NM1*85*2*CLINIC*****XX*1234567893~N3*1 MAIN ST~N4*HARTFORD*CT*06106~"
    "HL*2*1*22*1~SBR*P*18~NM1*IL*1*DOE*JANE*Q***MI*W123456789~N3*12 ELM ST*APT 4~N4*HARTFORD*CT*06106~"
    "DMG*D8*19800321*F~REF*SY*536228741~NM1*PR*2*ACME*****PI*999~"
    "HL*3*2*23*0~PAT*19~NM1*QC*1*DOE*TIM~DMG*D8*20100505*M~PER*IC*MOM*TE*8605550142*EM*mom@example.org~"
    "CLM*PCN778*100***11:B:1*Y*A*Y*I~REF*EA*MRN00123~HI*ABK:E119*ABF:I10*BK:25000~"
    "NM1*82*1*SMITH*ANN****XX*1234567893~LX*1~SV1*HC:99213*100*UN*1***1~DTP*472*D8*20240101~"
    "SE*27*0001~GE*1*1~IEA*1*000000001~"
)


def test_sniff() -> None:
    r = X12Reader()
    assert r.sniff(CLAIM_837.encode(), "x.txt") == 0.95
    assert r.sniff(b"\r\n" + CLAIM_837.replace("~", "~\n").encode(), "x") == 0.95
    assert r.sniff(b"junk line\n" + CLAIM_837.encode(), "x") == 0.7
    assert r.sniff(b"bad_file\n", "bad_file.edi") == 0.0
    assert r.sniff(b"MSH|^~\\&|A\r", "x.edi") == 0.0
    assert r.sniff(b"VISA card ISA is not here", "x") == 0.0


def test_837_loops() -> None:
    items = read_x12(CLAIM_837.encode())
    recs = x12_records(items)
    assert {k: r.role for k, r in recs.items()} == {
        "ISA1/GS1/ST1/HL1/2010AA": "provider",
        "ISA1/GS1/ST1/HL2/2010BA": "subscriber",
        "ISA1/GS1/ST1/HL3/2010CA": "patient",
        "ISA1/GS1/ST1/HL3/CLM1/82": "provider",
    }
    assert x12_values(recs["ISA1/GS1/ST1/HL2/2010BA"]) == {
        ("NM103", "person_name", "JANE Q DOE"),
        ("NM109", "health_plan_member_id", "W123456789"),
        ("N301", "street_address", "12 ELM ST APT 4"),
        ("N401", "city_state_zip", "HARTFORD, CT 06106"),
        ("DMG02", "dob", "19800321"),
        ("REF02", "ssn", "536228741"),
    }
    assert x12_values(recs["ISA1/GS1/ST1/HL3/2010CA"]) == {
        ("NM103", "person_name", "TIM DOE"),
        ("DMG02", "dob", "20100505"),
        ("PER04", "phone", "8605550142"),
        ("PER06", "email", "mom@example.org"),
        ("CLM01", None, "PCN778"),
        ("REF02", "mrn", "MRN00123"),
        ("HI01", "icd10_diagnosis", "E119"),
        ("HI02", "icd10_diagnosis", "I10"),
        ("HI03", None, "25000"),
        ("DTP03", "date", "20240101"),
    }
    assert x12_values(recs["ISA1/GS1/ST1/HL1/2010AA"]) >= {("NM109", "npi", "1234567893")}
    assert not [i for i in items if isinstance(i, ReadIssue)]
    for rec in recs.values():
        for f in rec.fields:
            if f.element in ("dob", "npi", "date", "mrn"):
                assert CLAIM_837[f.loc.offset : f.loc.offset + f.loc.length] == f.value


def test_other_delimiters_and_newlines() -> None:
    other = CLAIM_837.replace("*", "|").replace("~", "\r\n").replace(":", ">").replace("|^|", "|!|")
    want = {k: x12_values(r) for k, r in x12_records(read_x12(CLAIM_837.encode())).items()}
    assert {k: x12_values(r) for k, r in x12_records(read_x12(other.encode())).items()} == want


def test_835_and_834() -> None:
    isa = ISA.replace("~", "\n")[:-1]
    era = (
        isa + "~GS*HP*S*R*20240101*1200*2*X*005010X221A1~ST*835*1~BPR*I*10*C*CHK~N1*PR*PAYER~"
        "N1*PE*CLINIC*XX*1234567893~LX*1~CLP*ACCT1*1*10*5**12*CLAIM1~NM1*QC*1*ROE*RITA****MI*M1234567~"
        "NM1*IL*1*ROE*RICK****MI*M7654321~DTM*232*20240102~SE*9*1~GE*1*2~"
        "GS*BE*S*R*20240101*1200*3*X*005010X220A1~ST*834*2~INS*N*19*021~REF*0F*SUB12345~"
        "NM1*IL*1*ROE*RUBY****34*536228741~DMG*D8*20120101*F~SE*6*2~GE*1*3~IEA*2*000000001~"
    )
    recs = x12_records(read_x12(era.encode()))
    assert recs["ISA1/GS1/ST1/CLP1/QC"].role == "patient"
    assert x12_values(recs["ISA1/GS1/ST1/CLP1/QC"]) == {
        ("CLP01", None, "ACCT1"),
        ("NM103", "person_name", "RITA ROE"),
        ("NM109", "health_plan_member_id", "M1234567"),
        ("DTM02", "date", "20240102"),
    }
    assert recs["ISA1/GS1/ST1/CLP1/IL"].role == "subscriber"
    assert x12_values(recs["ISA1/GS1/ST1/PE"]) == {("N104", "npi", "1234567893")}
    member = recs["ISA1/GS2/ST1/INS1/2100A"]
    assert member.role == "dependent"
    assert x12_values(member) == {
        ("REF02", "health_plan_member_id", "SUB12345"),
        ("NM103", "person_name", "RUBY ROE"),
        ("NM109", "ssn", "536228741"),
        ("DMG02", "dob", "20120101"),
    }


def test_malformed_envelopes() -> None:
    truncated = CLAIM_837[: CLAIM_837.index("LX*1")]
    items = read_x12(truncated.encode())
    kinds = [(i.kind, i.message) for i in items if isinstance(i, ReadIssue)]
    assert [k for k, _ in kinds] == [ErrorKind.TRUNCATED, ErrorKind.TRUNCATED]
    assert "no SE" in kinds[0][1] and "no IEA" in kinds[1][1]
    assert "ISA1/GS1/ST1/HL3/2010CA" in x12_records(items)
    bad_isa = "ISA*00*short~NM1*IL*1*DOE*JOHN~" + CLAIM_837
    items = read_x12(bad_isa.encode())
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.CORRUPT] and "DOE" not in issues[0].message
    assert any("DOE*JOHN" in u.text for u in items if isinstance(u, TextUnit))
    assert "ISA1/GS1/ST1/HL2/2010BA" in x12_records(items)
    two = CLAIM_837.replace("IEA*1*000000001~", "") + CLAIM_837
    items = read_x12(two.encode())
    assert [i.kind for i in items if isinstance(i, ReadIssue)] == [ErrorKind.TRUNCATED]
    assert "ISA2/GS1/ST1/HL2/2010BA" in x12_records(items)


needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/data samples not present")


@needs_samples
def test_real_samples() -> None:
    readers = load_readers()
    for path in sorted(SAMPLES.glob("*/*.edi")):
        chosen = readers.choose(path.read_bytes()[:8192], path.name)
        if path.name == "bad_file.edi":  # no interchange at all: plain text
            assert chosen is not None and chosen.id == "text"
            continue
        assert chosen is not None and chosen.id == "x12", path.name
        items = read_x12(path.read_bytes(), path.name)
        issues = [i for i in items if isinstance(i, ReadIssue)]
        assert bool(issues) == (path.parent.name == "errors"), path.name
    recs = x12_records(read_x12((SAMPLES / "edi" / "X221-multiple-claims-single-check.edi").read_bytes()))
    patients = sorted(
        next(f.value for f in r.fields if f.element == "person_name")
        for r in recs.values()
        if r.role == "patient"
    )
    assert patients == [
        "DONNA DOE",
        "SALLY DOE",
        "SALLY JONES",
        "SALLY SMITH",
        "SAM DOE",
        "SAM JONES",
        "SAM SMITH",
        "SANDY DOE",
        "SUE DOE",
    ]
    assert x12_values(recs["ISA1/GS1/ST1/CLP2/IL"]) == {
        ("NM103", "person_name", "JOHN DOE"),
        ("NM109", "health_plan_member_id", "123456"),
    }
    dep = x12_records(
        read_x12(
            (
                SAMPLES / "edi" / "X279-response-to-generic-request-by-physician-for-patient-"
                "(dependent)-eligibility.edi"
            ).read_bytes()
        )
    )
    assert x12_values(dep["ISA1/GS1/ST1/HL4/2100D"]) == {
        ("NM103", "person_name", "MARY SMITH"),
        ("N301", "street_address", "15197 BROADWAY AVENUE APT 215"),
        ("N401", "city_state_zip", "KANSAS CITY, MO 64108"),
        ("DMG02", "dob", "19981014"),
    }
    assert dep["ISA1/GS1/ST1/HL4/2100D"].role == "dependent"


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "*",
                "~",
                ":",
                "^",
                "\n",
                "ISA",
                "GS*HC",
                "ST*837",
                "SE*",
                "IEA",
                "HL*1**22",
                "NM1*IL*1*A*B",
                "HI*ABK:E11",
                "DTP*472*RD8*2024",
                "CLP*1",
                "9",
                "é",
            ]
        ),
        max_size=300,
    ),
    st.booleans(),
)
def test_fuzz(parts: list[str], with_header: bool) -> None:
    data = ((ISA if with_header else "") + "".join(parts)).encode()
    t0 = time.perf_counter()
    try:
        items = read_x12(data)
    except DocumentError:
        return
    assert all(isinstance(i, Record | ReadIssue | TextUnit) for i in items)
    assert time.perf_counter() - t0 < 2.0


@settings(max_examples=100, deadline=2000)
@given(st.binary(max_size=2000))
def test_fuzz_bytes(data: bytes) -> None:
    read_x12(ISA.encode() + data)


def test_end_to_end_scan(tmp_path: Path) -> None:
    src = tmp_path / "in" / "claim.837"
    src.parent.mkdir()
    src.write_text(CLAIM_837)
    api.scan(
        [str(src.parent)],
        tmp_path / "case",
        options=api.ScanOptions(workers=1),
        env={"PHISCOPE_KEY": "x" * 32},
    )
    found = list(api.findings(tmp_path / "case", reveal=True, env={"PHISCOPE_KEY": "x" * 32}))
    sub = {(f["element"], f["value"]) for f in found if f["role"] == "subscriber"}
    assert {("person_name", "JANE Q DOE"), ("dob", "19800321"), ("ssn", "536228741")} <= sub
    pat = [f for f in found if f["role"] == "patient"]
    assert {("icd10_diagnosis", "E119"), ("dob", "20100505")} <= {(f["element"], f["value"]) for f in pat}
    assert len({f["row_key"] for f in pat}) == 1
    shutil.rmtree(tmp_path / "case")
