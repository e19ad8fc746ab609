"""Table-driven tests for the username_password detector (the password half of
account credentials): positives and mandatory negatives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

E = "username_password"


def passwords(findings: list[Finding]) -> list[str]:
    """Values of the password half only."""
    return [f.value for f in findings if f.detector_id == E]


POSITIVE = [
    ("username: jdoe / password: S3cret!", ["S3cret!"]),
    ("user=jdoe pwd=Tr0ub4dor&3", ["Tr0ub4dor"]),  # '&' ends a URL-style value
    ("login: jane.doe pass: Xy12ab$cd", ["Xy12ab$cd"]),
    ("Login: jdoe84  Password: Summer1984!", ["Summer1984!"]),
    ("Password: sunshine", ["sunshine"]),
    ("Temporary passcode: 839201", ["839201"]),
    ("DB_PASSWORD=hunter2hunter2", ["hunter2hunter2"]),
    ('{"user": "svc_app", "password": "Qw3rty#1"}', ["Qw3rty#1"]),
    ("her password is Bailey1999#", ["Bailey1999#"]),
    ("user: jdoe pin: 4821", ["4821"]),
    ("Portal account\nPassword:\nWinter2020#\nThank you", ["Winter2020#"]),  # value on the next line
]

NEGATIVE = [
    "password",  # the word alone
    "Password: ********",  # already masked
    "Password: [REDACTED]",
    "password: <redacted>",
    "Password: {{password}}",  # a template
    "Password: xxxxxxxx",
    "Password: N/A",
    "Password: reset by IT on 3/4",  # prose
    "Forgot password? Please call the help desk.",
    "password must be at least 8 characters",
    "her password is expired",  # "password is" needs a secret-looking value
    "Patient pass: 3 of 4 trials",  # "pass" alone is not a password label
    "pwd: abc",  # too short
    "Password:\nEmail: jdoe@example.org",  # an empty form field followed by the next label
    "BP 120/80, HR 72, SpO2 98% on RA; B12 1000 mcg daily",  # clinical text
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    assert passwords(find(text)) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert passwords(find(text)) == []


def test_flags_and_element(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("Password: S3cret!") if f.detector_id == E]
    assert f.element == "username_password"
    assert f.flags == ("password",)
    assert f.normalized == "s3cret!"


def test_field_needs_password_key(find: Callable[..., list[Finding]]) -> None:
    assert passwords(find("S3cret!", label="password")) == ["S3cret!"]
    assert passwords(find("S3cret!", label="comment")) == []
    assert values_of(find("S3cret!", label="password"), E) == ["S3cret!"]


def test_hash_flag(detectors: DetectorSet) -> None:
    det = detectors.by_id(E)
    bcrypt = "$2b$12$KIXQJZ8h3y0u1Yk0Yk0Yk.5sZ8qF1m3cQeJrVYVq9s8YqQeJrVYVq"
    assert det.flags(bcrypt, det.validate(bcrypt)) == ("password", "hashed")


@pytest.mark.parametrize(
    ("header", "expected"),
    [("password", True), ("user password", True), ("pwd", True), ("password hash", True),
     ("password expires", False), ("password hint", False), ("username", False)],
)
def test_headers(detectors: DetectorSet, header: str, expected: bool) -> None:
    assert detectors.by_id(E).matches_header(header) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("S3cret!", "indeterminate"), ("$2b$12$abcdefghijklmnopqrstuv", "indeterminate"), ("********", None),
     ("[REDACTED]", None), ("abc", None),
     ("two words", None), ("2024-01-05", None), ("N/A", None), ("", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id(E).check_cell(cell)
    assert (result.value if result else None) == expected
