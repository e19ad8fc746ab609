"""Table-driven tests for the icd10_diagnosis detector: positives and mandatory negatives."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from phiscope.detectors.clinical._icd10_codes import Icd10CodeSet, build_code_set, load_icd10_code_set
from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

E = "icd10_diagnosis"

POSITIVE = [
    ("A: E11.9 - Type 2 diabetes mellitus without complications", ["E11.9"]),  # dotted: no context needed
    ("Dx: E119", ["E119"]),  # undotted with context
    ("Diagnosis: B20", ["B20"]),
    ("Problem list: F32.A, Z79.4, I10", ["F32.A", "Z79.4", "I10"]),
    ("ICD-10: S72.001A right femur fracture", ["S72.001A"]),
    ("Assessment/plan: 1. T36.0X1A 2. J45.909", ["T36.0X1A", "J45.909"]),
    ("COVID-19 confirmed, U07.1", ["U07.1"]),
    ("Impression: C50 per pathology", ["C50"]),
    ("Dx Code Z3A.32", ["Z3A.32"]),
    ("follow-up of human immunodeficiency virus [HIV] disease (B20). No complaints.", ["B20"]),  # (code)
    ("A: I10 - Essential (primary) hypertension", ["I10"]),  # SOAP "A:" (assessment)
    ("Addressed today:\n J44.9 Chronic obstructive pulmonary disease\n C61 Malignant neoplasm of prostate",
     ["J44.9", "C61"]),  # a bare code in a list with dotted codes
]

NEGATIVE = [
    "B12 1000 mcg PO daily",  # vitamin B12 (not a code)
    "Seen in Room C50 by the charge nurse",  # a room
    "Problem: seen in Room C50 by the charge nurse",  # a room, even with a diagnosis word before it
    "Condition stable, moved to bed B20 overnight",  # a bed, even though B20 is a valid code
    "Billing codes used on requisitions: CPT 80053, 85025; room numbers B20, C12, E11.",
    "Dx: E11.99999",  # not in the code set
    "Diagnosis: B99.99",  # not in the code set
    "Fracture at T12 with L1 involvement; C5-C6 disc",  # spine levels
    "BP 120/80, HR 72, Temp 98.6 F, WBC 7.2, A1c 7.4%",  # vitals and labs
    "HbA1c 6.1%, TSH 2.1, vitamin D3 2000 IU, K 4.2",
    "Order ORD-4455667 placed; lot K1234 exp 2026-04",
    "Patient has E11 ward transfer pending",  # bare code-shaped word without context
    "Staging T2N0M0, ER/PR positive",  # TNM staging
    "Call 555-123-4567 on 01/02/2024",  # phone and date
    "Model X100 pump, serial SN-A12B",
    # clinical shorthand that is spelled like a valid code, next to a diagnosis word
    "Assessment: febrile. Vitals T38.4, BP 118/76, HR 88, RR 18",  # temperature
    "Impression: stable; P88 R16 T98 BP 130/82",  # pulse, respirations, temperature
    "Impression: HLA-B27 negative spondyloarthropathy",  # part of a hyphenated name
    "Diagnosis: opening pressure of 18 cm H20",  # water
    "Assessment: hypoglycemia, IV D10 at 5 mL/hr",  # dextrose
    "Impression: G10, P7, no cesarean sections",  # gravida/para
    "Diagnosis: lumbar stenosis; decompression at L45 and L34",  # spine levels
    "Impression: A57-year-old male with chest pain",  # typo for "A 57-year-old"
    "Diagnosis: melanoma, S100 antibody stain positive",  # a lab marker
    "Dx code: see E11.9.1 revision",  # the head of a longer dotted token
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), E) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), E) == []


def test_json_code_key(find: Callable[..., list[Finding]]) -> None:
    assert values_of(find("C61", label="code"), E) == ["C61"]
    assert values_of(find("C61", label="room"), E) == []


def test_normalized_dotted_and_flags(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Dx: F1020") if f.element == E]
    assert f.validation is Validation.VALID
    assert f.normalized == "F10.20"
    assert f.flags == ("chapter-05", "sensitive-substance-use", "sensitive-mental-health")
    [g] = [f for f in find("Diagnosis: B20") if f.element == E]
    assert g.flags == ("chapter-01", "sensitive-hiv")


def test_code_set_matches_the_package(detectors: DetectorSet) -> None:
    det = detectors.by_id(E)
    codes: Icd10CodeSet = det.code_set  # type: ignore[attr-defined]
    for code in ("E11.9", "E119", "B20", "F32.A", "Z79.4", "U07.1", "S72.001A"):
        assert code in codes
    for code in ("E11.99999", "B99.99", "B12", "T12", "A1C"):
        assert code not in codes
    assert codes.chapter_of("E11.9") == 4
    assert codes.chapter_of("D50") == 3 and codes.chapter_of("D49") == 2
    assert det.code_set is codes  # cached on the instance


def test_code_set_fast_path_equals_library_api() -> None:
    """The shipped list read directly gives exactly is_valid_item's set."""
    import simple_icd_10_cm as cm

    fast = load_icd10_code_set()
    api = build_code_set(cm.get_all_codes(False), "api")
    assert fast.codes == api.codes
    assert dict(fast.chapters) == dict(api.chapters)
    assert all(cm.is_valid_item(c) for c in ("E11.9", "E119", "F32.A"))


def test_code_set_loads_fast() -> None:
    start = time.perf_counter()
    code_set = load_icd10_code_set()
    assert time.perf_counter() - start < 1.0
    assert len(code_set.codes) > 90_000


@pytest.mark.parametrize(
    ("header", "expected"),
    [("dx code", True), ("diag cd 1", True), ("icd 10", True), ("principal diagnosis", True),
     ("dgns cd1", True), ("diagnosis date", False), ("dx desc", False), ("cpt", False),
     ("reasoncode", True), ("reason code", True), ("admitting cd", True), ("reason", False),
     ("zip code", False)],
)
def test_headers(detectors: DetectorSet, header: str, expected: bool) -> None:
    assert detectors.by_id(E).matches_header(header) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("E11.9", "valid"), ("e119", "valid"), ("B20", "valid"), ("E11.9; I10", "valid"), ("E11.999", "invalid"),
     ("E11.99999", None), ("B12", "invalid"), ("E11.9 Type 2 diabetes", None), ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(E).check_cell(cell)
    assert (result.value if result else None) == expected
