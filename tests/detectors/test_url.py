"""Table-driven tests for the url detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation
from tests.detectors.conftest import values_of

POSITIVE = [
    ("pushed readings to https://portal.glucosense.example/u/marisol and",
     ["https://portal.glucosense.example/u/marisol"], ()),
    ("See https://portal.example.com/view?patient_id=123&x=1.", ["https://portal.example.com/view?patient_id=123&x=1"],
     ("has-identifier",)),
    ("Visit www.hospital.org/billing, then", ["www.hospital.org/billing"], ()),
    ("ftp://10.0.0.1/export.csv", ["ftp://10.0.0.1/export.csv"], ()),
    ("(http://example.com/a?mrn=555)", ["http://example.com/a?mrn=555"], ("has-identifier",)),
    ("HTTPS://EXAMPLE.COM/Path", ["HTTPS://EXAMPLE.COM/Path"], ()),
]

NEGATIVE = [
    "http://",  # no host
    "see wwwhospital.org",
    "file.txt and C:\\temp\\x",
    "e-mail jane@hospital.org",  # an e-mail, not a URL
    "www.hospital",  # no TLD
]


@pytest.mark.parametrize(("text", "expected", "flags"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  flags: tuple[str, ...]) -> None:
    found = [f for f in find(text) if f.element == "url"]
    assert [f.value for f in found] == expected
    assert all(f.flags == flags for f in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "url") == []


def test_normalized_and_validation(detectors: DetectorSet) -> None:
    url = detectors.by_id("url")
    assert url.normalize("HTTPS://Portal.Example.COM/Path?a=1#frag") == "https://portal.example.com/Path?a=1"
    assert url.normalize("www.Hospital.org") == "http://www.hospital.org"
    assert url.validate("https://x.example/") is Validation.INDETERMINATE
    assert url.validate("https://x.com/") is Validation.VALID
    assert url.validate("https://[::1") is Validation.INVALID


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("https://example.com", "valid"), ("www.example.org/a", "valid"),
     ("http://intranet.corp/x", "indeterminate"), ("example.com", None), ("N/A", None), ("", None),
     ("http://a b.com", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("url").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "matches"), [("url", True), ("website", True), ("web site", True),
                                                  ("link", True), ("curl", False)])
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("url").matches_header(header) is matches
