"""Table-driven tests for the person_name detector (labelled names, name columns)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

POSITIVE = [
    ("Patient: DOE, JANE", ["DOE, JANE"]),
    ("Patient Name: Jane Q. Doe\nDOB: 01/02/1980", ["Jane Q. Doe"]),
    ("Pt: Jane Doe was seen today", ["Jane Doe"]),
    ("Name: Mary O'Brien-Smith", ["Mary O'Brien-Smith"]),
    ("PATIENT: JOHN SMITH DOB: 1/2/80", ["JOHN SMITH"]),
    ("Patient: John Smith Date: 01/02/2020", ["John Smith"]),
    ("Dear Ms. Jane Doe,", ["Jane Doe"]),
    ("Dear Jane,\nThank you", ["Jane"]),
    ("Re: Jane Doe", ["Jane Doe"]),
    ("Guarantor: Robert Smith Jr.", ["Robert Smith Jr"]),  # the period stays outside
    ("Insured Name: SMITH, ROBERT A", ["SMITH, ROBERT A"]),
    ("Subscriber Name: Ana María López", ["Ana María López"]),
    ("Mother's Maiden Name: Kowalski", ["Kowalski"]),
    ("Emergency contact: Mary Doe (wife) 860-555-0123", ["Mary Doe"]),
    ("Last Name: McDonald", ["McDonald"]),
    ("We discussed the plan with Mrs. Goldberg today.", ["Goldberg"]),
    ("Mr. O'Neil's wife called", ["O'Neil"]),
    ("MR EDWIN PRZYBYLO IS AN 83 Y.O.", ["EDWIN"]),  # all caps: a given name, the next word unsure
    ("mrs cohen is a nice woman", ["cohen"]),
    ("mr.renzi returned from or", ["renzi"]),
    ("Name:    Åsa Laine\nPhone: 083 564", ["Åsa Laine"]),
    ("Requester: Kimberly Schneider <schneiderj@att.net>", ["Kimberly Schneider"]),  # display names
    ('To: "Doe, Jane" <jane.doe@example.com>', ["Doe, Jane"]),
    ("Requester: Inés Côté <icote96@outlook.com>\nSign-in", ["Inés Côté"]),
    ("Requester: Jim Cross <james_cross@gmail.com>", ["Jim Cross"]),  # a surname that is also a word
    ("Patient: CROSS, JAMES B", ["CROSS, JAMES B"]),
    ("Bob Smith <b@x.com>, Ann Lee <ann@y.org>", ["Bob Smith", "Ann Lee"]),
    ("Hello,\n\nMy name is Dominique Morgan (DOB 6/26/2021).", ["Dominique Morgan"]),
    ("Hi, my name's Ana López and I need a refill", ["Ana López"]),
    ("SAY HUSBAND HAS GOOD UNDERSTANDING, MRS BRUCER FAIR", ["BRUCER"]),
    ("   mr masci had an uneventful noc.", ["masci"]),
    ("Hi, My name is Sarah and I need my records", ["Sarah"]),
    # Spanish forms' labels
    ("Datos del paciente.\nNombre:  Pedro.\n", ["Pedro"]),
    ("Apellidos: De Miguel Rivera.\nNHC: 2569870.", ["De Miguel Rivera"]),
    # a name, then a person's identifier in parentheses
    ("Progress note: Marisol Ferndale-Ostrowski (MRN 5583920) was seen", ["Marisol Ferndale-Ostrowski"]),
    ("Seen today: John Smith (DOB 01/02/1980)", ["John Smith"]),
    # a note's opening sentence with the person's age
    ("MR. EDWIN PRZYBYLO is an 83 yr old male who", ["EDWIN PRZYBYLO"]),
    ("lorrie morales is a 70 yr old female admitted", ["lorrie morales"]),
]

NEGATIVE = [
    "Patient: Unknown Male",  # filler words
    "Name: Not Provided",
    "Drug Name: Lisinopril Hydrochloride",  # organisation/product label
    "Facility Name: Saint Mary Hospital",
    "Pharmacy Name: Walgreens Store",
    "Insured: Blue Cross Blue Shield",  # an insurer
    "Subscriber: Anthem Blue Cross",
    "Patient: was seen in clinic",  # lower-case words are no name
    "RE: HEART TRANSPLANT",  # all-caps topic after RE:
    "Re: Follow Up Visit",
    "PROCEDURE: Left knee arthroscopy",
    "Patient tolerated the procedure well.",  # no label
    "MS: 2/6 murmur",  # mitral stenosis, not Ms.
    "Mr. Patient is here",
    "SEVERE MR AND TR ON ECHO",  # mitral regurgitation
    "MODERATE MR GRADIENT",  # no given name after an all-caps MR
    "assess ms. med for safety",  # mental status in a nursing note
    "Username: JDoe",
    "Sent By: ACME Billing <billing@acme.com>",  # shared mailboxes
    "From: Help Desk <help@example.org>",
    "write to me at <jd@example.com>",
    "ask for Jane Doe <jd@example.com>",  # no label, list or line start before the name
    "my name is on the list",
    "MILD MR AND TR",  # mitral regurgitation
    "MR ANGIOGRAPHY OF THE HEAD",  # all-caps MR before a word that is no given name
    "mrsa positive",
    "mr and mrs came in",
    "My name is Not important here",  # one word after "my name is" must be a given name
    "Lab Results (DOB not given)",  # ordinary words before an identifier's label
    "The patient is a 70-year-old female",  # no name before the age
    "this is a 70 yo man",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert [f.value for f in find(text) if f.detector_id == "person_name"] == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "person_name") == []


@pytest.mark.parametrize(
    ("value", "normalized"),
    [("DOE, JANE Q.", "jane q doe"), ("Mrs. Jane Doe", "jane doe"), ("O'Brien", "obrien"),
     ("Smith-Jones, Ana", "ana smith jones"), ("José Núñez", "jose nunez"),
     ("John Smith, Jr.", "john smith jr"), ("SMITH JR, JOHN", "john smith jr")],
)
def test_normalize(detectors: DetectorSet, value: str, normalized: str) -> None:
    assert detectors.by_id("person_name").normalize(value) == normalized


def test_labelled_name_is_indeterminate(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Patient: DOE, JANE") if f.detector_id == "person_name"]
    assert f.validation is Validation.INDETERMINATE
    assert f.normalized == "jane doe" and f.flags == ()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Jane Doe", "indeterminate"), ("DOE, JANE", "indeterminate"), ("O'Brien", "indeterminate"),
     ("Smith-Jones", "indeterminate"), ("Jane Q. Doe Jr.", "indeterminate"), ("N/A", None), ("UNKNOWN", None),
     ("TEST", None), ("12345", None), ("", None), ("Jane Doe 2nd floor", None),
     ("A B C D E", None), ("jane@example.com", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("person_name").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("name", True), ("patient name", True), ("pt lname", True), ("last name", True), ("first name", True),
     ("fname", True), ("lname", True), ("surname", True), ("given", True), ("guarantor", True),
     ("insured name", True), ("subscriber name", True), ("mother's maiden", True),
     ("mothers maiden name", True),
     ("drug name", False), ("file name", False), ("username", False), ("provider name", False),
     ("facility name", False), ("first", True), ("last", True), ("last visit", False), ("first seen", False),
     ("patient", True), ("member", True), ("client", True), ("patient type", False), ("member id", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("person_name").matches_header(header) is matches


def test_never_classified_from_values_alone(detectors: DetectorSet) -> None:
    assert detectors.by_id("person_name").value_classify_ratio is None
