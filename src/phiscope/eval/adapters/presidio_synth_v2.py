"""Presidio evaluator's synthetic PII sentences (``presidio_synth_v2/synth_dataset_v2_dev.json``).

A JSON list of ``{"full_text", "spans": [{"entity_type", "start_position",
"end_position"}]}`` (end exclusive). Record ``i`` becomes ``record_<i>.txt``
(five digits) holding ``full_text`` exactly, so spans are character offsets
into the file a scan reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from phiscope.errors import UsageError
from phiscope.eval.adapters._spans import Span, TypeMap, build, tm, write_texts
from phiscope.eval.truth import TruthSet

KIND = "presidio_synth_v2"
DATA_FILE = "synth_dataset_v2_dev.json"

#: gold entity type -> how it is scored; types not listed (ORGANIZATION, TITLE, NRP) are
#: not identifiers of a person and are ignored
MAPPING: dict[str, TypeMap] = {
    "PERSON": tm("person_name"),
    "STREET_ADDRESS": tm("street_address", "street_address", "city_state_zip"),
    "ZIP_CODE": tm("city_state_zip", "city_state_zip", "street_address"),
    "PHONE_NUMBER": tm("phone"),
    "EMAIL_ADDRESS": tm("email"),
    "CREDIT_CARD": tm("payment_card"),
    "US_SSN": tm("ssn", "ssn", "itin"),
    "US_ITIN": tm("itin", "itin", "ssn"),
    "IBAN_CODE": tm("bank_account"),
    "US_BANK_NUMBER": tm("bank_account"),
    "US_DRIVER_LICENSE": tm("drivers_license"),
    "US_PASSPORT": tm("passport"),
    "DATE_TIME": tm("date", "date", "dob"),
    "DOMAIN_NAME": tm("url", "url", "email"),
    "URL": tm("url"),
    "IP_ADDRESS": tm("ip_address"),
    # a lone city or country is not an element of phiscope; findings on one still count as right
    "GPE": tm(None, "city_state_zip", "street_address", phi=False),
    # ages under 90 are not identifiers and the gold does not say which are over 89
    "AGE": tm(None, phi=False),
}
#: findings of other elements (mrn, npi ...) cannot be judged: the set never labels them
LABELLED = frozenset(e for m in MAPPING.values() for e in m.accepts)


def _data_file(path: Path) -> Path:
    return path / DATA_FILE if path.is_dir() else path


def detect(path: Path) -> bool:
    """The folder holding ``synth_dataset_v2_dev.json`` (or that file)."""
    return _data_file(path).name == DATA_FILE and _data_file(path).is_file()


def _records(path: Path) -> Iterator[tuple[str, str, list[Span]]]:
    try:
        data: list[dict[str, Any]] = json.loads(_data_file(path).read_text(encoding="utf-8"))
        for i, rec in enumerate(data):
            spans = [Span(int(s["start_position"]), int(s["end_position"]), str(s["entity_type"]))
                     for s in rec.get("spans") or ()]
            yield f"record_{i:05d}.txt", str(rec["full_text"]), spans
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise UsageError(f"{path} is not a readable {KIND} file ({type(e).__name__})") from None


def load(path: Path) -> TruthSet:
    """Every record's spans as occurrences."""
    if not detect(path):
        raise UsageError(f"{path}: {DATA_FILE} not found")
    return build(KIND, _records(path), MAPPING, LABELLED)


def export_texts(path: Path, out_dir: Path) -> int:
    """Write one text file per record into ``out_dir``; return the number written."""
    if not detect(path):
        raise UsageError(f"{path}: {DATA_FILE} not found")
    return write_texts(((f, t) for f, t, _ in _records(path)), out_dir)
