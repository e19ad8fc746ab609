"""Table-driven tests for the account_username detector (the username half of
account credentials, element ``username_password``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding

E = "account_username"


def usernames(findings: list[Finding]) -> list[str]:
    """Values of the username half only."""
    return [f.value for f in findings if f.detector_id == E]


POSITIVE = [
    ("username: jdoe / password: S3cret!", ["jdoe"]),
    ("user=jdoe84 pwd=Tr0ub4dor", ["jdoe84"]),
    ("login: jane.doe pass: Xy12ab$cd", ["jane.doe"]),
    ("Username: mgarcia\nPassword: Winter2020#", ["mgarcia"]),
    ("POST /login body: user=jdoe&pwd=S3cret1", ["jdoe"]),
    ("Logon ID: 104233  PIN: 4821", ["104233"]),
]

NEGATIVE = [
    "username: jdoe",  # no password nearby: a username alone is not a credential
    "User: Dr. Smith viewed the chart",
    "https://portal.example.org/login?user=123456  (reset password by phone)",  # a portal id in a URL
    "username: [REDACTED] password: [REDACTED]",
    "username: N/A password: N/A",
    "Last login: 2024-01-05 password unchanged",  # a date
    "BP 120/80, HR 72; user reports pain 4/10",  # clinical prose
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert usernames(find(text)) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert usernames(find(text)) == []


def test_element_and_flag(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Login: JDoe84  Password: Summer1984!") if f.detector_id == E]
    assert f.element == "username_password"
    assert f.flags == ("username",)
    assert f.normalized == "jdoe84"


def test_field_needs_username_key(find: Callable[..., list[Finding]]) -> None:
    assert usernames(find("jdoe84", label="username")) == ["jdoe84"]
    assert usernames(find("jdoe84", label="nickname")) == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [("username", True), ("user name", True), ("login", True), ("portal login id", True), ("logon", True),
     ("last login", False), ("login date", False), ("user type", False)],
)
def test_headers(detectors: DetectorSet, header: str, expected: bool) -> None:
    assert detectors.by_id(E).matches_header(header) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("jdoe84", "indeterminate"), ("jane.doe@example.org", "indeterminate"),
     ("DOMAIN\\jdoe", "indeterminate"), ("2024-01-05", None), ("10:30", None),
     ("two words", None), ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(E).check_cell(cell)
    assert (result.value if result else None) == expected
