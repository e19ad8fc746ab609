"""Shared fixtures for table-driven detector tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet, load_detectors
from phiscope.model import Finding, Location, TextUnit
from phiscope.scan.text import TextScanner


@pytest.fixture(scope="session")
def detectors() -> DetectorSet:
    """All registered detectors."""
    return load_detectors()


@pytest.fixture(scope="session")
def scanner(detectors: DetectorSet) -> TextScanner:
    """A text scanner with every detector (as the engine runs them)."""
    return TextScanner(detectors)


@pytest.fixture(scope="session")
def find(scanner: TextScanner) -> Callable[..., list[Finding]]:
    """``find(text, label=None)`` -> findings of the full detector set."""

    def _find(text: str, label: str | None = None) -> list[Finding]:
        return scanner.scan(TextUnit(text, Location("test.txt", line=1, offset=0), label))

    return _find


def values_of(findings: list[Finding], element: str) -> list[str]:
    """The raw values found for one element."""
    return [f.value for f in findings if f.element == element]
