"""Table-driven tests for the street_address detector (usaddress-confirmed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

POSITIVE = [
    ("Home address 4417 Old Kettle Rd, Fresno, CA 93726.", ["4417 Old Kettle Rd"]),
    ("lives at 123 Main St Apt 4 with her son", ["123 Main St Apt 4"]),
    ("Ship to 350 5th Ave, Suite 3300, New York", ["350 5th Ave, Suite 3300"]),
    ("12 N. Maple Avenue", ["12 N. Maple Avenue"]),
    ("1600 Pennsylvania Avenue was", ["1600 Pennsylvania Avenue"]),
    ("Send to P.O. Box 123, Hartford", ["P.O. Box 123"]),
    ("PO BOX 77 ", ["PO BOX 77"]),
    ("PSC 3294, Box 9168\nAPO AA 61487", ["PSC 3294, Box 9168"]),
    ("ADDRESS: 123 MAIN ST", ["123 MAIN ST"]),
    ("123 MAIN ST, HARTFORD, CT 06103", ["123 MAIN ST"]),
    ("90 Whitchurch Road", ["90 Whitchurch Road"]),
]

NEGATIVE = [
    "2 VIEWS OF HEAD CT were obtained",  # all caps, clinical
    "EKG WITH 104 NSR ST CHANGES",
    "HAD 14 BEAT RUN OF VT",
    "seen 3 Weeks Ago By Dr Smith",  # time units, function words
    "take 2 tablets by mouth daily",
    "12U REG INSULN SQ given",
    "Room 12 on the 4th floor",
    "He walked 3 blocks",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert values_of(find(text), "street_address") == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "street_address") == []


def test_normalized_suffix(detectors: DetectorSet) -> None:
    det = detectors.by_id("street_address")
    assert det.normalize("4417 Old Kettle Road") == "4417 old kettle rd"
    assert det.normalize("4417 OLD KETTLE RD.") == "4417 old kettle rd"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("123 Main St", "valid"), ("123 Main Street, Hartford, CT 06103", "valid"), ("P.O. Box 12", "valid"),
     ("123 Broadway", "indeterminate"), ("Hartford", None), ("N/A", None), ("", None), ("555-0123", None),
     # other countries' street lines, which usaddress cannot label
     ("Calle Duarte #105", "indeterminate"), ("Rua Augusta 274, apto 12", "indeterminate"),
     ("Via Roma 12", "indeterminate"), ("Avenida Paulista, 1578", "indeterminate"),
     ("1200 rue Sainte-Catherine", "indeterminate"), ("Hauptstraße 5a", "indeterminate"),
     ("Praça da Sé 12", "indeterminate"), ("Calle Mayor", None), ("Via 12", None), ("Route 66", None),
     ("Type 2 diabetes", None), ("Room 12", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("street_address").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("address", True), ("addr", True), ("street", True), ("address1", True), ("address line 1", True),
     ("home address", True), ("email address", False), ("ip address", False), ("city", False),
     ("state", False), ("web address", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("street_address").matches_header(header) is matches
