"""Exact value spans from hyperscan's match ends, however crowded the window."""

from __future__ import annotations

import pytest

from phiscope.detectors.registry import load_detectors
from phiscope.model import Location
from phiscope.scan.text import TextScanner


@pytest.fixture(scope="module")
def scanner() -> TextScanner:
    return TextScanner(load_detectors())


def _emails(scanner: TextScanner, text: str) -> list[str]:
    return sorted(f.value for f in scanner._scan(text, None, Location(path="t")) if f.element == "email")


def test_adjacent_long_matches_are_all_found(scanner: TextScanner) -> None:
    # each address's suffixes are also matches ending at the same place; a bounded retry
    # loop lost the later ones
    addrs = [f"{name}.longlocalpart{i}@example.org" for i, name in enumerate(("ann", "bob", "cyd", "dee"))]
    text = "To: " + ", ".join(addrs) + "\nRequester: Dee Example <" + addrs[-1] + ">\n"
    assert _emails(scanner, text) == sorted([*addrs, addrs[-1]])


def test_value_span_is_leftmost_full_match(scanner: TextScanner) -> None:
    text = "SSN: 536-22-8741 and phone (860) 555-0142."
    found = {f.element: f.value for f in scanner._scan(text, None, Location(path="t"))}
    assert found.get("ssn") == "536-22-8741"
    assert found.get("phone") == "(860) 555-0142"


def test_short_units_scanned_together_get_line_numbers(scanner: TextScanner) -> None:
    # a short e-mail body and a long one must both say on which line of their part a value is
    from phiscope.model import TextUnit

    units = [TextUnit("Hello,\nplease call me.\nMy e-mail is ann.lee@example.org",
                      Location(path="m", offset=0)),
             TextUnit("bob@example.org", Location(path="m", offset=0, line=7))]
    got = sorted((i, f.value, f.loc.line) for i, f in scanner.scan_units_indexed(units))
    assert got == [(0, "ann.lee@example.org", 3), (1, "bob@example.org", 7)]
