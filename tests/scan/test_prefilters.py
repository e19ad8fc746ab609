"""A pattern's ``prefilter`` (what hyperscan scans for) must report every end of an exact match.

The scanner recovers exact spans around reported ends, so a prefilter that misses
an end loses a finding silently. Checked with hyperscan on every text of the
detector tests plus texts built to stress each prefilter's edges.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import tests.detectors as detector_tests
from phiscope.detectors.base import Pattern
from phiscope.detectors.registry import load_detectors

hyperscan = pytest.importorskip("hyperscan")

STRESS = [
    "IBAN BE68 5390 0754 7034 SENT on 2024-01-02",  # a four-letter word after a 16-character IBAN
    "NO93 8601 1117 947 and RU0204452560040702810412345678901, LC55HEMM000100010012001200023015",
    "FR14 2004 1010 0505 0001 3M02 606, GB82WEST12345698765432; DE89370400440532013000.",
    "hosts 2001:0db8:85a3:0000:0000:8a2e:0370:7334, fe80::1%eth0, 1:2:: and a:b:c:d:e:f:0:1",
    "at 10:30:00 and 7:05:59; ff02::2, ::ffff:c000:0280, 2606:4700:4700::1111.",
    "Springfield, IL 62704 and Winston-Salem, NC. 27101-1234; St. Louis MO 63101",
    "seen by Jane O'Neil-Smith, MD and Ramón Pérez Jr., DO; Mary Ann Lee PA-C; Bob Roe M.D.",
    "Dr. Ann Smith III, FACS signed; Joe Doe,  RN; Éloise Durand, NP",
]


def _test_texts() -> list[str]:
    texts: list[str] = list(STRESS)
    for info in pkgutil.iter_modules(detector_tests.__path__):
        if not info.name.startswith("test_"):
            continue
        mod = importlib.import_module(f"tests.detectors.{info.name}")
        for name in ("POSITIVE", "NEGATIVE"):
            for case in getattr(mod, name, ()):
                text = case if isinstance(case, str) else case[0]
                if isinstance(text, str):
                    texts.append(text)
    return texts


def _prefiltered() -> list[tuple[str, Pattern]]:
    return [(f"{d.id}/{p.name}", p) for d in load_detectors().detectors for p in d.patterns if p.prefilter]


def _ends(pattern: Pattern, data: bytes) -> set[int]:
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[pattern.engine_regex().encode()], ids=[0], elements=1,
               flags=[hyperscan.HS_FLAG_CASELESS if pattern.caseless else 0])
    ends: set[int] = set()
    db.scan(data, match_event_handler=lambda _i, _s, end, _f, _c: ends.add(end))
    return ends


def test_some_patterns_have_prefilters() -> None:
    names = {name for name, _ in _prefiltered()}
    assert {"bank_account/iban", "ip_address/ipv6", "city_state_zip/code"} <= names


@pytest.mark.parametrize(("name", "pattern"), _prefiltered(), ids=[n for n, _ in _prefiltered()])
def test_prefilter_reports_every_exact_end(name: str, pattern: Pattern) -> None:
    exact = re.compile(pattern.plain_regex(), re.I if pattern.caseless else 0)
    checked = 0
    for text in _test_texts():
        data = text.encode()
        reported = _ends(pattern, data)
        for start in range(len(text)):  # every start, not only the non-overlapping matches
            m = exact.match(text, start)
            if m is None or m.end() == m.start():
                continue
            checked += 1
            end = len(text[: m.end()].encode())
            assert end in reported, f"{name}: an exact match ending at {end} was not reported"
    assert checked, f"{name}: no test text exercises this pattern"
