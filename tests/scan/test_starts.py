"""Starts of wide patterns' matches through hyperscan with start tracking (``scan.starts``): the same
spans as Python ``re`` trying every start, and a damaged cache is compiled again."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope.detectors.base import Pattern
from phiscope.detectors.registry import load_detectors
from phiscope.scan.starts import UNKNOWN, StartFinder
from phiscope.scan.text import TextScanner

pytest.importorskip("hyperscan")

TEXT = (
    "Patient: DOE, JANE A    DOB: 04/11/1961    MRN: 00482913\n"
    "Mrs. Harriet Quimby was seen with her mother Ottoline Quimby and Dr. Leopold Fairweather, MD.\n"
    "Contact: (860) 555-0143, hquimby@example.org. Address on file: 1452 Academy Ter Apt 19, "
    "Albany, NY 12207-1144.\nInsurance member ID XWV343979908. SSN: 219-44-1820\n"
    "Refraction: OD:  +0.50 +1.50 X 125 Prism 1.75,OS:  +6.00 +3.50 X 125. Call +44 20 7946 0958 ext 12.\n"
    "Émile Zoë Brontë, née Dupré, lives at 9 Rue Café; café au lait, caller +33 1 42 68 53 00.\n"
)


def _spans(scanner: TextScanner, text: str) -> list[tuple[str, str, int, int]]:
    return sorted((c.detector_id, c.pattern_name, c.start, c.end) for c in scanner.candidates(text))


def test_hyperscan_starts_give_the_spans_re_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHISCOPE_CACHE_DIR", str(tmp_path))
    fast = TextScanner(load_detectors())
    slow = TextScanner(load_detectors())
    assert fast._spans._starts is not None
    slow._spans._starts = None
    found = _spans(fast, TEXT * 3)
    assert found == _spans(slow, TEXT * 3)
    names = {c for c in found if c[0] in {"person_name", "relative_name", "provider_name"}}
    assert len(names) >= 6  # the wide patterns are really exercised
    assert ("phone", "intl") in {c[:2] for c in found}  # the match start tracking misses, via ``re``


def test_start_of_a_match_ending_at_an_end(tmp_path: Path) -> None:
    finder = StartFinder({7: Pattern("labelled", r"\bPatient:\s*[A-Z]+, [A-Z]+", 0.5)}, tmp_path)
    text = "xx Patient: DOE, JANE and more"
    end = text.index(" and")
    assert finder.start(7, text, 0, end) == text.index("Patient")
    assert finder.start(7, text, 0, end - 1) == text.index("Patient")  # DOE, JAN matches too
    assert finder.start(7, text, 0, 5) == UNKNOWN  # nothing ends there: ``re`` decides
    assert finder.start(7, text, 5, end) == UNKNOWN  # the match starts before the window


def test_a_word_boundary_at_the_window_start_sees_the_text_before_it(tmp_path: Path) -> None:
    finder = StartFinder({0: Pattern("w", r"\bDr\. [A-Z][a-z]+", 0.5)}, tmp_path)
    text = "XDr. Smith"
    assert finder.start(0, text, 1, len(text)) == UNKNOWN  # "XDr." has no boundary before D
    assert finder.start(0, "a Dr. Smith", 2, 11) == 2


def test_a_damaged_cache_is_compiled_again(tmp_path: Path) -> None:
    patterns = {3: Pattern("p", r"\bMRN:? ?\d{6,10}", 0.5, caseless=True)}
    StartFinder(patterns, tmp_path)
    (cached,) = tmp_path.glob("hs-starts-*.db")
    cached.write_bytes(cached.read_bytes()[:40] + b"\xff" * 64)
    finder = StartFinder(patterns, tmp_path)
    assert finder.start(3, "seen; mrn 00482913", 0, 18) == 6
