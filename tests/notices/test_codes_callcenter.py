"""Enrollment codes are never given twice; the call-center lookup holds hashes only."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope.errors import ConfigError
from phiscope.notices.callcenter import lookup_hash, normalize_name, write_callcenter
from phiscope.notices.config import parse_letter_config
from phiscope.notices.ledger import Ledger, read_codes
from phiscope.obligations.incident import parse_incident
from phiscope.store import CaseStore
from tests.notices.helpers import SAMPLES
from tests.store.store_helpers import FAST_KDF, KEY


def test_codes_assigned_once_and_kept(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_text("code\nA1\nA2\nA3\n")
    with CaseStore.create(tmp_path / "case", KEY, FAST_KDF) as store:
        led = Ledger(store.notices_connection())
        assert led.load_codes(codes) == 3 and led.load_codes(codes) == 0
        first = led.assign_codes(["p1", "p2"])
        assert len(set(first.values())) == 2
        assert led.assign_codes(["p2", "p3"]) == {
            "p2": first["p2"],
            "p3": ({"A1", "A2", "A3"} - set(first.values())).pop(),
        }
        with pytest.raises(ConfigError, match="only 0 unused codes"):
            led.assign_codes(["p4"])


def test_repeated_codes_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text("X\nY\nX\n")
    with pytest.raises(ConfigError, match="repeats"):
        read_codes(p)


def test_lookup_file_answers_without_raw_values(tmp_path: Path) -> None:
    inc = parse_incident({"entity": {"name": "E"}, "breach": {"discovered": "2026-01-02"}})
    cfg = parse_letter_config({"phone": "1-800-555-0100", "postal": "PO Box 1"})
    key = b"k" * 32
    write_callcenter(tmp_path, SAMPLES, inc, cfg, key)
    lookup = (tmp_path / "lookup.csv").read_text()
    assert lookup_hash(key, "ana maria nunez", "1980-04-02", "90001-1234") in lookup
    assert lookup_hash(key, "Ana María Núñez", "1980-04-03", "90001") not in lookup
    assert "Núñez" not in lookup and "1980" not in lookup and "90001" not in lookup
    assert normalize_name("José  O'Neil") == "JOSE ONEIL"


def test_letter_config_problems_reported_together() -> None:
    with pytest.raises(ConfigError, match=r"letters.phone is required.*letters.postal is required"):
        parse_letter_config({})
