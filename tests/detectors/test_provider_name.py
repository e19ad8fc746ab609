"""Table-driven tests for the provider_name detector (person_name flagged provider)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding

POSITIVE = [
    ("Referring physician: Dr. John Smith, MD", ["John Smith"]),
    ("She will follow up with Dr. Kaczander next week.", ["Kaczander"]),
    ("Seen by Dr. Smith's team", ["Smith"]),
    ("Dr. Kaczander’s note", ["Kaczander"]),
    ("Discussed with Dr Kenneth Fang today", ["Kenneth Fang"]),
    ("PCP: Mary Jones", ["Mary Jones"]),
    ("Attending Physician: LEE, DAVID", ["LEE, DAVID"]),
    ("Electronically signed by: Rebecca Richardson", ["Rebecca Richardson"]),
    ("medically evaluated by Rebecca Richardson, MD. The patient", ["Rebecca Richardson"]),
    ("Ordering Provider: Dr. Anna Kowalska", ["Anna Kowalska"]),
    ("DR. SMITH NOTIFIED OF K 3.1", ["SMITH"]),
    ("discussed with Dr. XYZ and Dr. ABC JONES today", ["XYZ", "ABC"]),
    # "Dr" without a period, in all-caps and lower-case notes
    ("UO 14-20CC/HR. DR RAKUSIN AWARE.", ["RAKUSIN"]),
    ("DISCUSS THIS WITH DR KLEIN. FOR NOW", ["KLEIN"]),
    ("picc placement(dr vasquez to decide)", ["vasquez"]),
    ("extub per dr williams-nuzzo.", ["williams-nuzzo"]),
    ("A: spoke with dr. Capuano about prolonged QT", ["Capuano"]),
    # signature lines, credentials with periods or without a blank after the comma
    ("MDI'S Q4. \n FRANCIS G. LEVINE, RRT\n\n", ["FRANCIS G. LEVINE"]),
    ("all is well at this time. s. roberto rrt\n", ["s. roberto"]),
    ("\nbarbara j. parrilli bsn/rn\n", ["barbara j. parrilli"]),
    ("above settings. Mary Hulse, R.N.\n", ["Mary Hulse"]),
    ("updated on his condition.  Emily Parker,RN\n", ["Emily Parker"]),
    ("presented to her primary physician, Henry Fein, M.D., who referred", ["Henry Fein"]),
    # an initial and an all-caps surname beside what a person does
    ("GIVEN CARAFATE-W. MAROTTA AWARE-WILL START", ["MAROTTA"]),
    ("ILEUS REMAINS AS PER B. KARGAS. NGT", ["KARGAS"]),
    ("lytes checked Dr B Muse in to see pt", ["Muse"]),
    ("CONTINUES PER DR B. GILL... \nRESP", ["GILL"]),
    ("at times. Dr. O'brien notified.", ["O'brien"]),
    # Spanish: labels and "Dra."
    ("Médico: Estefanía Romero Selas  NºCol: 28 28 20943.", ["Estefanía Romero Selas"]),
    ("Remitido por: Dra. Carmen Ispa Callén.", ["Carmen Ispa Callén"]),
    # a letterhead's institution right after the name is no part of it
    ("Responsable clínico: Dr. Vicente Asensio Sánchez Hospital General", ["Vicente Asensio Sánchez"]),
]

NEGATIVE = [
    "Silver Spring, MD 20910",  # a city in Maryland, not "Name, MD"
    "margie from Middle River, MD",
    "LASIX GIVEN, RN TO FOLLOW",  # all-caps words before a credential
    "URINE OUTPUT REMAINS LOW MD AWARE",
    "the statement sent to 1737 Cheriton Dr Reuquen Extensions",  # street suffix, not a title
    "Provider: Blue Cross Blue Shield",  # an insurer
    "Physician: see above",
    "diabetic retinopathy (DR) noted",
    "DR AWARE OF LOW UO",  # a bare "DR" before an ordinary word
    "dr will see pt in am",
    "NO DR OR ME ON EXAM",
    "123 OAK DR APT 4",  # a street
    "E. COLI IN URINE, S. AUREUS IN SPUTUM",  # an initial and a word: organisms
    "per E. coli culture",
    "\nLASIX GIVEN, RN\n",  # a line that is no signature: no given name or initial first
    "\nplan to call md\n",
    "VT 400-500, RR 20-30'S. FAMILY MADE AWARE OF DECISION",
    "Informe Médico: Paciente femenina que al nacer",
    "seen at Dr. Smith Memorial Hospital today",  # a hospital named after a person
    "cystoscopy with Dr. X.  All questions answered",  # a placeholder initial, then a sentence
    "RESP: 4L NP CRACKLES 1/2 UP",  # NP: nasal prongs
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    found = [f for f in find(text) if f.detector_id == "provider_name"]
    assert [f.value for f in found] == expected
    assert all(f.element == "person_name" and f.flags == ("provider",) for f in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.value for f in find(text) if f.element == "person_name"] == []


def test_normalized_without_title(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Referring physician: Dr. John Smith, MD") if f.element == "person_name"]
    assert f.normalized == "john smith"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Dr. Jane Doe", "indeterminate"), ("SMITH, JOHN", "indeterminate"), ("N/A", None),
     ("1234567893", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("provider_name").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("provider name", True), ("referring physician", True), ("attending", True), ("pcp", True),
     ("provider npi", False), ("patient name", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("provider_name").matches_header(header) is matches
