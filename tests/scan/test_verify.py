"""``scan.verify``: hyperscan's "no full match ends here" for prefiltered patterns must never be
wrong (a wrong "no" loses a finding silently), and the scanner must find exactly what it found
without it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phiscope.detectors.base import Pattern
from phiscope.detectors.registry import load_detectors
from phiscope.scan.spans import Spans
from phiscope.scan.text import TextScanner
from phiscope.scan.verify import Verifier
from tests.scan.test_prefilters import _test_texts

hyperscan = pytest.importorskip("hyperscan")

#: sentences where the prefilters report ends, most of them no full match
PROSE = [
    "He was referred to the Department of Internal Medicine Department for care.",
    "Attending: Leopold Fairweather Hospital General, seen at University Medical Center.",
    "Dr. Ann Smith Memorial Hospital; Dr Bob Roe Health; Doctor Jane Doe Clinic visit.",
    "Edwin Przybylo is an 83 yr old male. The patient is a 45-year-old woman. lorrie morales is a 70 yo",
    "This is a 12 y/o boy; Mr Brown was a 50 years old; KIM LEE IS A 7 YO girl.",
    "Marisol Ferndale-Ostrowski (MRN 5583920) and the child (MRN 123) of Ann Lee (DOB 1/2/1990).",
    "JOHN SMITH, MD\nthe nurse, RN\nAnn O'Neil PA-C\nsigned by pat roe md\n",
]


@cache
def _wide_prefiltered() -> list[tuple[str, Pattern]]:
    scanner = TextScanner(load_detectors())
    verifier = scanner._spans._verifier
    assert verifier is not None
    return [(f"{r.detector_id}/{r.pattern.name}", r.pattern) for pid, r in enumerate(scanner._refs)
            if pid in verifier]


@cache
def _engine(pattern: Pattern) -> object:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[pattern.engine_regex().encode()], ids=[0], elements=1,
               flags=[hyperscan.HS_FLAG_CASELESS if pattern.caseless else 0])
    return db


def _reported_ends(pattern: Pattern, data: bytes) -> set[int]:
    ends: set[int] = set()
    _engine(pattern).scan(data, match_event_handler=lambda _i, _s, end, _f, _c: ends.add(end))  # type: ignore[attr-defined]
    return ends


def _check(verifier: Verifier, pid: int, pattern: Pattern, width: int, text: str) -> tuple[int, int]:
    """(ends checked, ends excluded); fails on an exclusion where ``re`` finds a match."""
    exact = re.compile(f"(?:{pattern.plain_regex()})\\Z", re.I if pattern.caseless else 0)
    data = text.encode()
    checked = excluded = 0
    for bend in _reported_ends(pattern, data):
        end = len(data[:bend].decode("utf-8", "ignore"))
        lo = max(0, end - width)
        checked += 1
        if verifier.excludes(pid, text, lo, end):
            excluded += 1
            assert exact.search(text, lo, end) is None, f"{pattern.name}: a match ending at {end} excluded"
    return checked, excluded


def test_the_verifier_is_never_wrong_on_the_detector_texts(tmp_path: Path) -> None:
    patterns = _wide_prefiltered()
    assert {"person_name/age-intro", "provider_name/labelled-institution"} <= {n for n, _ in patterns}
    verifier = Verifier({i: p for i, (_, p) in enumerate(patterns)}, tmp_path)
    spans = Spans([p for _, p in patterns], exact_starts=False)
    texts = _test_texts() + PROSE
    checked = excluded = 0
    for pid, (_, pattern) in enumerate(patterns):
        for text in texts:
            c, e = _check(verifier, pid, pattern, spans._widths[pid], text)
            checked, excluded = checked + c, excluded + e
    assert checked > 100 and excluded > 20  # the verifier is exercised and does exclude


@cache
def _shared_verifier() -> tuple[list[tuple[str, Pattern]], Verifier]:
    patterns = _wide_prefiltered()
    return patterns, Verifier({i: p for i, (_, p) in enumerate(patterns)})


_WORDS = ["Ann", "LEE", "smith", "O'Neil", "Dr.", "Dr", "Doctor", "Attending:", "Physician:", "is", "IS",
          "was", "a", "an", "45", "7", "yo", "y/o", "yr", "years", "old", "Medical", "Hospital", "Center",
          "Health", "(MRN", "(DOB", "123456)", "MD", "RN", "PA-C", ",", ".", "-", "\n", "\t", "  ", "é"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=14), st.sampled_from([" ", "", "  "]))
def test_the_verifier_is_never_wrong_on_random_word_runs(words: list[str], sep: str) -> None:
    patterns, verifier = _shared_verifier()
    text = sep.join(words)
    for pid, (_, pattern) in enumerate(patterns):
        _check(verifier, pid, pattern, 400, text)


def test_verdicts_on_a_small_pattern(tmp_path: Path) -> None:
    pattern = Pattern("p", r"\bDr\.[ \t]+(?P<v>[A-Z][a-z]+)[ \t]+Hospital\b", 0.5,
                      prefilter=r"[a-z][ \t]+Hospital\b")
    verifier = Verifier({4: pattern}, tmp_path)
    assert 4 in verifier and 5 not in verifier
    text = "seen at the County Hospital by Dr. Smith Hospital staff"
    assert verifier.excludes(4, text, 0, text.index(" by"))  # "County Hospital": no "Dr." before it
    second = text.index(" staff")
    assert not verifier.excludes(4, text, 0, second)  # "Dr. Smith Hospital" ends there
    assert verifier.excludes(4, text, text.index("Dr.") + 2, second)  # it starts before the window
    assert not verifier.excludes(4, "José at the County Hospital", 0, 27)  # not ASCII: no verdict
    assert verifier.excludes(4, "XDr. Smith Hospital", 1, 19)  # "XDr." has no boundary before D


def test_no_verdict_on_text_that_is_not_ascii(tmp_path: Path) -> None:
    # hyperscan without UTF-8 mode sees no word boundary between a space and the bytes of "Á"
    # (and hyperscan has no ``\b`` in UTF-8 mode): its "no" would lose this name
    pattern = Pattern("intro", r"\b(?P<v>[A-ZÁ][a-zé]+ [A-ZÁ][a-zé]+) is a \d+ yo\b", 0.5,
                      prefilter=r"[a-zé] is a \d+ yo\b")
    verifier = Verifier({0: pattern}, tmp_path)
    for text in ("Álvaro Pérez is a 45 yo", "Ana Pérez is a 45 yo"):
        assert re.search(pattern.plain_regex(), text)
        assert not verifier.excludes(0, text, 0, len(text))
    assert verifier.excludes(0, "the man is a 45 yo", 0, 18)


def test_a_pattern_beyond_hyperscan_is_never_excluded(tmp_path: Path) -> None:
    pattern = Pattern("backref", r"\b(a+)b\1\b", 0.5, prefilter=r"ba")
    verifier = Verifier({0: pattern}, tmp_path)
    assert not verifier.excludes(0, "xx ab xx", 0, 5)


def test_a_damaged_cache_is_compiled_again(tmp_path: Path) -> None:
    pattern = Pattern("p", r"\bDr\. (?P<v>[A-Z][a-z]+) Hospital", 0.5, prefilter=r"[a-z] Hospital")
    Verifier({0: pattern}, tmp_path).excludes(0, "a Hospital", 0, 10)
    (cached,) = tmp_path.glob("hs-verify-*.db")
    cached.write_bytes(cached.read_bytes()[:40] + b"\xff" * 64)
    verifier = Verifier({0: pattern}, tmp_path)
    assert verifier.excludes(0, "a Hospital", 0, 10)
    assert not verifier.excludes(0, "Dr. Smith Hospital", 0, 18)


def test_the_scanner_finds_the_same_with_and_without_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHISCOPE_CACHE_DIR", str(tmp_path))
    fast = TextScanner(load_detectors())
    slow = TextScanner(load_detectors())
    slow._spans._verifier = None
    text = "\n".join(PROSE * 2 + _test_texts()[:200])
    found = sorted((c.detector_id, c.pattern_name, c.start, c.end) for c in fast.candidates(text))
    assert found == sorted((c.detector_id, c.pattern_name, c.start, c.end) for c in slow.candidates(text))
    assert {"age-intro", "labelled-institution"} & {c[1] for c in found}
