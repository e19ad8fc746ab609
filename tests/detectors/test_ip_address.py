"""Table-driven tests for the ip_address detector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

POSITIVE = [
    ("last reachable at 10.34.201.7. Device", ["10.34.201.7"], ("private",)),
    ("login from 8.8.8.8", ["8.8.8.8"], ()),
    ("client 192.168.1.20 connected", ["192.168.1.20"], ("private",)),
    ("from 2001:db8::8a2e:370:7334 via", ["2001:db8::8a2e:370:7334"], ("private",)),
    ("host fe80::1 link", ["fe80::1"], ("private",)),
    ("loopback ::1", ["::1"], ("private",)),
    ("gw 2606:4700:4700::1111", ["2606:4700:4700::1111"], ()),
]

NEGATIVE = [
    "256.1.1.1",  # octet > 255
    "version 1.2.3.4 released",  # version number
    "v. 10.0.0.1",
    "OID 2.16.840.1.113883.19",  # part of a dotted run
    "at 12:30:45 today",  # a time
    "MAC 00:1A:2B:3C:4D:5E",
    "0.0.0.0",  # unspecified
    "1.2.3",
    "010.001.001.001",  # leading zeros are ambiguous (octal)
]


@pytest.mark.parametrize(("text", "expected", "flags"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  flags: tuple[str, ...]) -> None:
    found = [f for f in find(text) if f.element == "ip_address"]
    assert [f.value for f in found] == expected
    assert all(f.flags == flags for f in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "ip_address") == []


def test_normalized(detectors: DetectorSet) -> None:
    assert detectors.by_id("ip_address").normalize("2001:DB8:0:0:0:0:0:1") == "2001:db8::1"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("10.0.0.1", "valid"), ("2001:db8::1", "valid"), ("256.0.0.1", None), ("0.0.0.0", "invalid"),
     ("N/A", None), ("", None), ("12345", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("ip_address").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(("header", "matches"), [("ip", True), ("ip address", True), ("client ip", True),
                                                  ("src ip", True), ("zip", False), ("ship to", False)])
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("ip_address").matches_header(header) is matches
